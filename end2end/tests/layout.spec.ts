import { test, expect, signIn, open, openNavigation, ANA, DEMO_PASSWORD } from './helpers';

// Both projects run this file; these checks matter most at 360 px.
for (const path of ['', '/programs', '/settings/partner', '/settings/partner/programs', '/users', '/users/add', '/users/invite', '/profile', '/settings/partner/agreements', '/settings/partner/profile', '/settings/partner/billing', '/programs/mpn']) {
  test(`no horizontal scrolling on the account page "${path || '/'}"`, async ({ page }) => {
    await signIn(page, ANA);
    const home = new URL(page.url()).pathname;
    await open(page, `${home}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test('on a phone the navigation hides behind "Open navigation" @phone', async ({ page }) => {
  await signIn(page, ANA);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  const toggle = page.getByRole('button', { name: 'Open navigation' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(nav).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await nav.getByRole('link', { name: 'All programs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  await expect(nav).toBeHidden();
});

test('on a desktop the navigation is always there @desktop', async ({ page }) => {
  await signIn(page, ANA);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open navigation' })).toBeHidden();
});

test('the Settings menu works by keyboard', async ({ page }) => {
  await signIn(page, ANA);
  const settings = page.getByRole('button', { name: 'Settings' });
  await settings.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Partner settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Partner settings' })).toBeVisible();
});

// The menus make their items when opened; the top bar waits for the
// account's data (src/ui/shell/top_bar.rs), so a menu opened as soon as it
// shows, while the data is slow to come, never offers the empty menu's link
// and then swaps the items under the focus.
test('a menu opened as soon as the account page shows has its items', async ({ page }) => {
  await open(page, '/signin');
  await page.route('**/api/shell', async (route) => {
    await new Promise((done) => setTimeout(done, 1_500));
    await route.continue();
  });
  await page.getByRole('textbox', { name: 'Work email' }).fill(ANA);
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/a\/\d+$/);
  const settings = page.getByRole('button', { name: 'Settings' });
  await settings.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Partner settings' })).toBeFocused();
});

test('the roles and permissions page shows the matrix and the user\'s roles', async ({ page }) => {
  await signIn(page, ANA);
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'Roles and permissions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roles and permissions' })).toBeVisible();
  const current = page.getByRole('navigation', { name: 'Main', includeHidden: true }).locator('[aria-current="page"]');
  await expect(current).toHaveText('Roles and permissions');
  const mine = page.getByRole('list', { name: 'Your roles in this account' });
  await expect(mine.getByRole('listitem')).toHaveText(['Global admin', 'Owner']);
  const matrix = page.getByRole('region', { name: 'What each role may do' }).getByRole('table');
  const enroll = await matrix.getByRole('columnheader').allTextContents();
  const column = enroll.indexOf('Enroll in programs, accept agreements');
  expect(column).toBeGreaterThan(0);
  const cell = (role: string) => matrix.getByRole('row', { name: new RegExp(`^${role}`) }).getByRole('cell').nth(column - 1);
  await expect(cell('Global admin')).toHaveText(/Allowed/);
  await expect(cell('Sales agent')).toHaveText(/Not allowed/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
