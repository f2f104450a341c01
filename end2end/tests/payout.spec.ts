import { test, expect, open, signUp } from './helpers';

// Developer settings → Payout and tax profile: checked by the server
// (IBAN checksum, ABA routing number), and masked once saved: the page
// never holds the full number again.

test('payout profile: a bad IBAN is named, a saved one shows only its last four characters', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs`);
  await page.getByRole('region', { name: 'Edge extensions' }).getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByRole('region', { name: 'Edge extensions' }).getByText('Status: Pending')).toBeVisible();

  await open(page, `${home}/settings/developer/payout`);
  await expect(page.getByRole('heading', { level: 1, name: 'Payout and tax profile' })).toBeVisible();
  await expect(page.getByText('No payout profile yet.')).toBeVisible();
  // A US bank asks for an account number and its ABA routing number.
  await page.getByRole('combobox', { name: 'Bank country' }).selectOption('US');
  await expect(page.getByText('ABA routing number: 9 digits')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Routing code' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Bank country' }).selectOption('FR');
  await page.getByRole('textbox', { name: 'Account holder' }).fill('Test Company SAS');
  await page.getByRole('textbox', { name: 'IBAN' }).fill('FR15 2004 1010 0505 0001 3M02 606');
  await page.getByRole('textbox', { name: 'Tax ID' }).fill('FR40303265045');
  await page.getByRole('button', { name: 'Save payout profile' }).click();
  await expect(page.getByText("This isn't an IBAN of the bank's country")).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Account holder' })).toHaveValue('Test Company SAS');
  await page.getByRole('textbox', { name: 'IBAN' }).fill('FR14 2004 1010 0505 0001 3M02 606');
  await page.getByRole('button', { name: 'Save payout profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Saved. The account's Owners were told by email." })).toBeVisible();
  await expect(page.getByText('Payout account ending in 2606')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'IBAN' })).toHaveValue('');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // After a reload too: the full number is nowhere in the page.
  await open(page, `${home}/settings/developer/payout`);
  await expect(page.getByText('Payout account ending in 2606')).toBeVisible();
  await expect(page.getByText('Tax ID ending in 5045')).toBeVisible();
  expect(await page.content()).not.toContain('3M02606');
});
