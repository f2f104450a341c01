import { readFileSync } from 'node:fs';
import { test, expect, open, signUp, signInOperator, watchErrors } from './helpers';

// Partner settings → Activity log (SPEC §3): who changed what, filtered by
// user and action, downloaded as CSV; an operator reads any account's log.

/** A new account enrolled in MPN (its Partner settings open): its home path. */
async function enrolledAccount(page: import('@playwright/test').Page) {
  const signedUp = await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/mpn`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  return { ...signedUp, home };
}

test('filter the activity log by user and action, then download it as CSV', async ({ page }) => {
  const { home, email } = await enrolledAccount(page);
  await open(page, `${home}/settings/partner/profile`);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Activity log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity log' })).toBeVisible();
  const events = page.getByRole('list', { name: 'Events' }).getByRole('listitem');
  await expect(events.filter({ hasText: 'Created the account' })).toHaveCount(1);
  await expect(events.filter({ hasText: 'Enrolled in a program' })).toHaveCount(1);

  // By keyboard: choose the action and the user, then apply.
  await page.getByRole('combobox', { name: 'Action' }).focus();
  await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Enrolled in a program' });
  await page.getByRole('combobox', { name: 'User' }).selectOption({ label: `Test User (${email})` });
  await page.getByRole('button', { name: 'Apply filters' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/action=program\.enrolled/);
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText('Enrolled in a program');
  await expect(events.first()).toContainText(`By: Test User (${email})`);
  await expect(events.first()).toContainText('Subject: mpn');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^activity-\d+\.csv$/);
  await expect(page.getByRole('status').filter({ hasText: 'Events downloaded: 1.' })).toBeVisible();
  const csv = readFileSync(await file.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('occurred_at_utc,actor_name,actor_email,action,subject,subject_name,old_value,new_value,event_id');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(',program.enrolled,mpn,');

  // A date range that excludes today leaves nothing; Clear filters brings all back.
  await page.getByLabel('Until').fill('2020-01-01');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(events.filter({ hasText: 'Created the account' })).toHaveCount(1);
});

test('an operator reads any account’s activity log', async ({ page, browser }) => {
  const { company } = await enrolledAccount(page);
  const context = await browser.newContext({ viewport: page.viewportSize() });
  const operator = await context.newPage();
  watchErrors(operator);
  await signInOperator(operator);
  await open(operator, `/operator/accounts?q=${encodeURIComponent(company)}`);
  await operator.getByRole('article', { name: company }).getByRole('link', { name: 'Activity log' }).click();
  await expect(operator.getByRole('heading', { level: 1, name: `Activity log of ${company}` })).toBeVisible();
  await expect(operator.getByRole('list', { name: 'Events' }).getByRole('listitem').filter({ hasText: 'Enrolled in a program' })).toHaveCount(1);
  await context.close();
});
