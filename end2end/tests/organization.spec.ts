import { test, expect, activateMpn, open, signUp } from './helpers';

// Partner settings → Organization profile: starts from the legal profile,
// checked by the server, saved; the account's ids are shown.

test('organization profile: starts from the legal profile, a bad postal code is named, then saved', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await activateMpn(page, home);
  await open(page, `${home}/settings/partner/profile`);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Organization profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organization profile' })).toBeVisible();
  const pid = home.split('/').pop() ?? '';
  await expect(page.getByRole('main').getByText(pid, { exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'City' })).toHaveValue('Paris');
  await page.getByRole('textbox', { name: 'Organization name' }).fill('Trading Name Ltd');
  await page.getByRole('combobox', { name: 'Country' }).selectOption('GB');
  await page.getByRole('textbox', { name: 'City' }).fill('London');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75002');
  await page.getByRole('button', { name: 'Save organization profile' }).click();
  await expect(page.getByText('Enter a postal code of the country chosen.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Organization name' })).toHaveValue('Trading Name Ltd');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('ec1a1bb');
  await page.getByRole('button', { name: 'Save organization profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await open(page, `${home}/settings/partner/organization`);
  await expect(page.getByRole('textbox', { name: 'Postal code' })).toHaveValue('EC1A 1BB');
  await expect(page.getByRole('textbox', { name: 'Organization name' })).toHaveValue('Trading Name Ltd');
});
