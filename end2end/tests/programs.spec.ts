import { test, expect, open, signIn, signUp, openNavigation } from './helpers';

test('Windows and Xbox: pending until the display name and fee, then Developer settings appear; withdrawing removes them', async ({ page }) => {
  const { company } = await signUp(page);
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'All programs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Windows and Xbox' });
  await expect(card.getByText('Status: Not enrolled')).toBeVisible();
  await card.getByRole('button', { name: 'Get started' }).click();
  await expect(card.getByRole('status')).toHaveText('Enrolled.');
  await expect(card.getByText('Status: Pending')).toBeVisible();

  // The program page lists what is missing, each with the way to fix it.
  await card.getByRole('link', { name: 'Windows and Xbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Windows and Xbox' })).toBeVisible();
  const requirements = page.getByRole('region', { name: 'Requirements' });
  await expect(requirements.getByRole('listitem')).toHaveCount(3);
  // The account type was chosen at sign-up (Company) and is fixed.
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Account type chosen' })).toContainText('Company');
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Account type chosen' })).toContainText('Done');
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Publisher display name' })).toContainText('To do');
  await requirements.getByRole('link', { name: 'Publisher display name' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contact info' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Publisher display name (50 characters at most)' }).fill(`${company} Games`.slice(0, 50));
  await page.getByRole('textbox', { name: 'Seller contact name' }).fill('Test User');
  await page.getByRole('textbox', { name: 'Seller contact email' }).fill('contact@example-corp.test');
  await page.getByRole('button', { name: 'Save contact info' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Windows and Xbox' })).toBeVisible();
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Publisher display name' })).toContainText('Done');
  await requirements.getByRole('button', { name: 'Acknowledge the registration fee' }).click();
  await expect(page.getByRole('region', { name: 'Windows and Xbox' }).getByText('Status: Active')).toBeVisible();
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Registration fee acknowledged' })).toContainText('Done');

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('menuitem', { name: 'Developer settings' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Partner settings' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Developer settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Developer settings' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Programs' }).click();
  await expect(page.getByRole('region', { name: 'Windows and Xbox' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Partner Network (MPN)' })).toHaveCount(0);

  const navAfter = await openNavigation(page);
  await expect(navAfter.getByRole('link', { name: 'Windows and Xbox' })).toBeVisible();
  await navAfter.getByRole('link', { name: 'All programs' }).click();
  const again = page.getByRole('region', { name: 'Windows and Xbox' });
  await again.getByRole('button', { name: 'Withdraw' }).click();
  await again.getByRole('button', { name: 'Confirm withdrawal' }).click();
  await expect(again.getByRole('status')).toHaveText('Withdrawn from the program.');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('menuitem', { name: /settings/ })).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: 'See programs' })).toBeVisible();
});

test('a Sales agent sees the requirements but no enrollment buttons, and the server refuses a direct call', async ({ page }) => {
  await signIn(page, 'sam@contoso.example');
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/csp`);
  await expect(page.getByRole('heading', { level: 1, name: 'Cloud Solution Provider (CSP)' })).toBeVisible();
  const requirements = page.getByRole('region', { name: 'Requirements' });
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Active Partner Network (MPN) enrollment' })).toContainText('Done');
  await expect(page.getByRole('button', { name: 'Get started' })).toHaveCount(0);
  const pid = home.split('/')[2];
  const call = await page.request.post('/api/enroll', { form: { partner_id: pid, program_code: 'csp' } });
  expect(call.status()).toBe(403);
});
