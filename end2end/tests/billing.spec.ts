import { test, expect, activateMpn, open, signUp } from './helpers';

test('CSP: the billing profile with a tax ID and the reseller agreement make it active', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await activateMpn(page, home);
  await open(page, `${home}/programs/csp`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  const requirements = page.getByRole('region', { name: 'Requirements' });
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Active Partner Network (MPN) enrollment' })).toContainText('Done');

  await requirements.getByRole('link', { name: 'Billing profile with a company tax ID' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Billing profile' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('1 rue de la Paix');
  await page.getByRole('textbox', { name: 'City' }).fill('Paris');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75002');
  await page.getByRole('combobox', { name: 'Billing currency' }).selectOption('EUR');
  await page.getByRole('textbox', { name: 'Company tax ID / VAT number' }).fill('FR123');
  await page.getByRole('textbox', { name: 'Billing contact name' }).fill('Chloé Bernard');
  await page.getByRole('textbox', { name: 'Billing contact email' }).fill('billing@example-corp.test');
  await page.getByRole('button', { name: 'Save billing profile' }).click();
  await expect(page.getByText("This doesn't match the tax ID / VAT number format of the chosen country")).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Billing contact name' })).toHaveValue('Chloé Bernard');
  await page.getByRole('textbox', { name: 'Company tax ID / VAT number' }).fill('FR 12 345678901');
  await page.getByRole('button', { name: 'Save billing profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.goBack();
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Billing profile with a company tax ID' })).toContainText('Done');
  await requirements.getByRole('link', { name: 'Latest version accepted: Reseller agreement' }).click();
  await page.getByRole('region', { name: 'Reseller agreement' }).getByRole('button', { name: 'Accept version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Agreement accepted.' })).toBeVisible();
  await open(page, `${home}/programs/csp`);
  await expect(page.getByText('Status: Active')).toBeVisible();
  await open(page, `${home}/settings/partner/billing`);
  await expect(page.getByRole('textbox', { name: 'Company tax ID / VAT number' })).toHaveValue('FR12345678901');
});
