import { test, expect, signUp, openNavigation } from './helpers';

test('enrolling in a Developer program makes Developer settings appear; withdrawing removes it', async ({ page }) => {
  await signUp(page);
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'All programs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Office Store' });
  await expect(card.getByText('Status: Not enrolled')).toBeVisible();
  await card.getByRole('button', { name: 'Get started' }).click();
  await expect(card.getByRole('status')).toHaveText('Enrolled.');
  await expect(card.getByText('Status: Active')).toBeVisible();

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('menuitem', { name: 'Developer settings' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Partner settings' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Developer settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Developer settings' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Programs' }).click();
  await expect(page.getByRole('region', { name: 'Office Store' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Partner Network (MPN)' })).toHaveCount(0);

  const navAfter = await openNavigation(page);
  await expect(navAfter.getByRole('link', { name: 'Office Store' })).toBeVisible();
  await navAfter.getByRole('link', { name: 'All programs' }).click();
  const again = page.getByRole('region', { name: 'Office Store' });
  await again.getByRole('button', { name: 'Withdraw' }).click();
  await again.getByRole('button', { name: 'Confirm withdrawal' }).click();
  await expect(again.getByRole('status')).toHaveText('Withdrawn from the program.');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('menuitem', { name: /settings/ })).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: 'See programs' })).toBeVisible();
});
