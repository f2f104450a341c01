import { test, expect, open, signIn, signUp, switchAccount, ANA } from './helpers';

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
  await expect(main.getByText('Not started')).toBeVisible();
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
  await expect(page.getByRole('region', { name: 'Edge extensions' }).getByText('Status: Active')).toBeVisible();
  await open(page, `${home}/settings/developer`);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Contact info' }).click();
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

test('the Partner profile saves the legal address and primary contact, with errors next to fields', async ({ page }) => {
  await signUp(page, { company: `Legal ${Date.now()}` });
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs`);
  await page.getByRole('region', { name: 'Partner Network (MPN)' }).getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByRole('region', { name: 'Partner Network (MPN)' }).getByText('Status: Active')).toBeVisible();
  await open(page, `${home}/settings/partner`);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Partner profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Partner profile' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('1 rue de la Paix');
  await page.getByRole('textbox', { name: 'City' }).fill('Paris');
  await page.getByRole('textbox', { name: 'First name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Last name' }).fill('Martin');
  await page.getByRole('textbox', { name: 'Contact work email' }).fill('ana@example-corp.test');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('group', { name: 'Legal address' }).getByText('This field is required.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'City' })).toHaveValue('Paris');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75002');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText("Saved. The account's verification is pending again.");
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Postal code' })).toHaveValue('75002');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
