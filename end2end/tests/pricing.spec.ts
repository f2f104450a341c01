import { readFileSync } from 'node:fs';
import { test, expect, open, openNavigation, signUp, signInOperator } from './helpers';

// Pricing and offers (SPEC §7): a member filters a month's price list by
// market and currency, pages through it and downloads it as CSV; an
// operator imports a month from a CSV file, and a bad row rejects the file.
// The servers start with two demo months (November and December 2026).

test('filter a price list, page through it and download it as CSV', async ({ page }) => {
  await signUp(page);
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'Pricing and offers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pricing and offers' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Price list of \w+ \d{4}$/ })).toBeVisible();

  // By keyboard: November, France, euros.
  await page.getByRole('combobox', { name: 'Month' }).focus();
  await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-11');
  await page.getByRole('combobox', { name: 'Market' }).selectOption({ label: 'France (FR)' });
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('EUR');
  await page.getByRole('button', { name: 'Apply filters' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/month=2026-11&market=FR&currency=EUR/);
  await expect(page.getByRole('heading', { level: 2, name: 'Price list of November 2026' })).toBeVisible();
  const table = page.getByRole('region', { name: /^Prices/ });
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(51); // the header and 50 prices
  await expect(table.getByRole('columnheader', { name: 'List price' })).toBeVisible();
  await expect(rows.nth(1).getByRole('cell').nth(2)).toHaveText('France (FR)');
  await expect(rows.nth(1).getByRole('cell').nth(4)).toHaveText(/^\d+\.\d{2,4} EUR$/);
  // November is the first demo month: every price is new.
  await expect(rows.nth(1).getByRole('cell').nth(6)).toHaveText('New');
  const firstOffer = await rows.nth(1).getByRole('cell').first().textContent();

  // The next page starts after the last row; the first page comes back.
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after=FR\./);
  await expect(rows.nth(1).getByRole('cell').first()).not.toHaveText(firstOffer ?? '');
  await expect(rows.nth(1).getByRole('cell').nth(2)).toHaveText('France (FR)');
  await page.getByRole('link', { name: 'First page' }).click();
  await expect(rows.nth(1).getByRole('cell').first()).toHaveText(firstOffer ?? '');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('prices-2026-11.csv');
  const csv = readFileSync(await file.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('effective_start,effective_end,offer_id,offer_name,market,currency,unit,list_price,change');
  expect(csv.length).toBeGreaterThan(1_000);
  expect(csv.slice(1).every((line) => line.includes(',FR,EUR,'))).toBe(true);
  const count = (csv.length - 1).toLocaleString('en-US');
  await expect(page.getByRole('status').filter({ hasText: `Prices downloaded: ${count}.` })).toBeVisible();

  // December against November: changed and removed prices are marked.
  await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-12');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Price list of December 2026' })).toBeVisible();
  await expect(rows.filter({ hasText: 'Changed' }).first()).toBeVisible();

  // A hand-edited address: the field says what's wrong.
  await open(page, `${new URL(page.url()).pathname}?month=2026-13`);
  await expect(page.getByText('Choose from the list.')).toBeVisible();
});

test('an operator imports a month’s price list; a bad row rejects the file', async ({ page }) => {
  await signInOperator(page);
  await page.getByRole('navigation', { name: 'Operator' }).getByRole('link', { name: 'Price lists' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Price lists' })).toBeVisible();
  const header = 'effective_start,effective_end,offer_id,offer_name,market,currency,unit,list_price';
  const file = page.getByLabel('Price list file (CSV)');
  const bad = [
    header,
    '2019-05-01,2019-05-31,OFFER-A,Alpha,FR,EUR,Licenses,10',
    '2019-05-01,2019-05-31,OFFER-B,Beta,FR,EUR,Licenses,10.123456',
    '2019-05-01,2019-05-31,OFFER-A,Alpha again,FR,EUR,Licenses,11',
  ].join('\n');
  await file.setInputFiles({ name: 'may.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Import' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported.' });
  await expect(alert).toContainText("Line 3: the value of list_price isn't valid.");
  await expect(alert).toContainText('Line 4: the same market and offer ID as line 2.');

  const good = [
    header,
    '2019-05-01,2019-05-31,OFFER-A,Alpha,FR,EUR,Licenses,10',
    '2019-05-01,2019-05-31,OFFER-B,"Beta, the second",FR,EUR,Licenses,10.1234',
    '2019-05-01,2019-05-31,OFFER-A,Alpha,DE,EUR,Licenses,11.50',
  ].join('\n');
  await file.setInputFiles({ name: 'may.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: 'Import' }).focus();
  await page.keyboard.press('Enter');
  // Desktop and phone share a server: the second import replaces the first.
  await expect(page.getByRole('status').filter({ hasText: /Price list of May 2019 (imported|replaced): 3 prices\./ })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('New: 3, changed: 0, removed: 0, unchanged: 0.');
  await expect(alert).toHaveCount(0);
});
