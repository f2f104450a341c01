import { test, expect, emailedLink, open, signIn, signUp, switchAccount, ANA } from './helpers';

test('Developer settings show the account settings, read-only', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Fabrikam Apps');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Developer settings' }).click();
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Account settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account settings' })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByText('Company', { exact: true })).toBeVisible();
  await expect(main.getByText("The account type is chosen when the account is created and can't be changed.")).toBeVisible();
  // The demo saved its contact info: verification pending.
  await expect(main.getByText('Pending', { exact: true })).toBeVisible();
  await expect(main.getByText(/^4\d{7}$/)).toBeVisible();
  await expect(main.getByText(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)).toBeVisible();
  await expect(main.getByRole('textbox')).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a Partner-only account has no Developer account settings, even by URL', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Contoso Partners');
  const home = new URL(page.url()).pathname;
  const response = await page.goto(`${home}/settings/developer/account`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});

test('contact info: the publisher display name is checked, saved, and verification goes back to Pending', async ({ page }) => {
  const { company } = await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs`);
  await page.getByRole('region', { name: 'Edge extensions' }).getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByRole('region', { name: 'Edge extensions' }).getByText('Status: Pending')).toBeVisible();
  // Open while the enrollment is pending: it is how the requirement is met.
  await open(page, `${home}/settings/developer/contact`);
  await expect(page.getByRole('heading', { level: 1, name: 'Contact info' })).toBeVisible();
  const name = page.getByRole('textbox', { name: 'Publisher display name (50 characters at most)' });
  await name.fill('x'.repeat(51));
  await page.getByRole('textbox', { name: 'Seller contact name' }).fill('Test User');
  await page.getByRole('textbox', { name: 'Seller contact email' }).fill('contact@example-corp.test');
  await page.getByRole('button', { name: 'Save contact info' }).click();
  await expect(page.getByText('Use at most 50 characters.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Seller contact name' })).toHaveValue('Test User');
  await name.fill(`${company} Apps`.slice(0, 50));
  await page.getByRole('button', { name: 'Save contact info' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText("Saved. The account's verification is pending again.");
  await open(page, `${home}/settings/developer/account`);
  await expect(page.getByRole('main').getByText('Pending', { exact: true })).toBeVisible();
});

test('MPN from a fresh account: the checklist, the profile, the emailed link and the agreement make it active', async ({ page }) => {
  await signUp(page, { company: `Legal ${Date.now()}` });
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/mpn`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  const requirements = page.getByRole('region', { name: 'Requirements' });
  await expect(requirements.getByRole('listitem')).toHaveCount(3);
  await expect(requirements.getByText('To do', { exact: true })).toHaveCount(3);

  await requirements.getByRole('link', { name: 'Complete legal business profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Partner profile' })).toBeVisible();
  const contact = `contact-${Date.now()}@example-corp.test`;
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('1 rue de la Paix');
  await page.getByRole('textbox', { name: 'City' }).fill('Paris');
  await page.getByRole('textbox', { name: 'First name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Last name' }).fill('Martin');
  await page.getByRole('textbox', { name: 'Contact work email' }).fill(contact);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('group', { name: 'Legal address' }).getByText('This field is required.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'City' })).toHaveValue('Paris');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75002');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText(
    `Saved. The account's verification is pending again. A confirmation link was sent to ${contact}.`,
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.goBack();
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Complete legal business profile' })).toContainText('Done');
  const email = requirements.getByRole('listitem').filter({ hasText: "Primary contact's email confirmed" });
  await expect(email).toContainText('Waiting for the email link');
  await expect(email).toContainText(`A confirmation link was sent to ${contact}`);

  // The link from the email, opened in the same browser.
  const link = await emailedLink(contact, '/verify-email/');
  await open(page, link);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page.getByText('Thank you: the email is confirmed.')).toBeVisible();
  await page.getByRole('link', { name: "Open the account's programs" }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();

  await open(page, `${home}/programs/mpn`);
  await expect(email).toContainText('Done');
  await requirements.getByRole('link', { name: 'Latest version accepted: Partner Network agreement' }).click();
  await page.getByRole('region', { name: 'Partner Network agreement' }).getByRole('button', { name: 'Accept version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Agreement accepted.' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('menuitem', { name: 'Partner settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await open(page, `${home}/programs/mpn`);
  await expect(page.getByText('Status: Active')).toBeVisible();

  // A used link doesn't work twice.
  await open(page, link);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'no longer works' })).toBeVisible();
});

test('two tabs edit the contact info: the later save is refused, keeps its input and shows what was saved', async ({ page, context }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/office-store`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  const other = await context.newPage();
  for (const tab of [page, other]) {
    await open(tab, `${home}/settings/developer/contact`);
    await expect(tab.getByRole('heading', { level: 1, name: 'Contact info' })).toBeVisible();
  }
  const fill = async (tab: typeof page, name: string) => {
    await tab.getByRole('textbox', { name: 'Publisher display name (50 characters at most)' }).fill(name);
    await tab.getByRole('textbox', { name: 'Seller contact name' }).fill('Test User');
    await tab.getByRole('textbox', { name: 'Seller contact email' }).fill('contact@example-corp.test');
  };
  const first = `First ${Date.now()}`;
  const second = `Second ${Date.now()}`;
  await fill(other, first);
  await other.getByRole('button', { name: 'Save contact info' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await fill(page, second);
  await page.getByRole('button', { name: 'Save contact info' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Someone else saved this page after you opened it' })).toBeVisible();
  const meanwhile = page.getByRole('region', { name: 'Saved meanwhile by someone else' });
  await expect(meanwhile).toContainText(first);
  await expect(page.getByRole('textbox', { name: 'Publisher display name (50 characters at most)' })).toHaveValue(second);
  // Saving again replaces it, knowingly.
  await page.getByRole('button', { name: 'Save contact info' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(meanwhile).toHaveCount(0);
  await open(other, `${home}/settings/developer/contact`);
  await expect(other.getByRole('textbox', { name: 'Publisher display name (50 characters at most)' })).toHaveValue(second);
});
