import { type Page } from '@playwright/test';
import { test, expect, open, signIn, openNavigation, switchAccount, ANA, BEN } from './helpers';

async function settingsMenu(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
}

async function expectSettings(page: Page, partner: boolean, developer: boolean) {
  await settingsMenu(page);
  await expect(page.getByRole('menuitem', { name: 'Partner settings' })).toHaveCount(partner ? 1 : 0);
  await expect(page.getByRole('menuitem', { name: 'Developer settings' })).toHaveCount(developer ? 1 : 0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Settings' })).toBeFocused();
}

test('the Settings menu follows each account\'s programs', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Contoso Partners');
  await expectSettings(page, true, false);
  await switchAccount(page, 'Fabrikam Apps');
  await expectSettings(page, false, true);
  await switchAccount(page, 'Northwind Traders');
  await expectSettings(page, true, true);
});

test('an account with no program explains where settings come from', async ({ page }) => {
  await signIn(page, BEN);
  await settingsMenu(page);
  const menu = page.getByRole('menu', { name: 'Settings' });
  await expect(menu).toHaveAccessibleDescription('Settings appear once the account is enrolled in a program.');
  await expect(menu.getByRole('menuitem')).toHaveCount(1);
  await expect(menu.getByRole('menuitem', { name: 'See programs' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
});

test('a settings area the account has no program in answers not found, even by URL', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Contoso Partners');
  await expect(page).toHaveURL(/\/a\/\d+$/);
  const home = new URL(page.url()).pathname;
  const forbidden = await open(page, `${home}/settings/developer`);
  expect(forbidden?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  const allowed = await open(page, `${home}/settings/partner`);
  expect(allowed?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Partner settings' })).toBeVisible();
  const unknown = await open(page, `${home}/settings/nonsense`);
  expect(unknown?.status()).toBe(404);
});

test('another account\'s or a malformed Partner ID is not found', async ({ page }) => {
  await signIn(page, BEN);
  const response = await open(page, '/a/999/programs');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  expect((await open(page, '/a/not-a-number'))?.status()).toBe(404);
});

test('the picker lists every account, marks the current one, and works by keyboard', async ({ page }) => {
  await signIn(page, ANA);
  const nav = await openNavigation(page);
  const picker = nav.getByRole('button', { name: 'Switch account' });
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  const links = nav.getByRole('list', { name: 'Your accounts' }).getByRole('link');
  await expect(links).toHaveCount(3);
  await expect(links.first()).toBeFocused();
  await expect(nav.locator('a[aria-current="true"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(picker).toBeFocused();
  await expect(links.first()).toBeHidden();
});

test('switching keeps the page when the other account has it, else goes home', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Northwind Traders');
  const northwind = new URL(page.url()).pathname.match(/\/a\/\d+/)![0];
  await open(page, `${northwind}/settings/developer`);
  await expect(page.getByRole('heading', { level: 1, name: 'Developer settings' })).toBeVisible();
  await switchAccount(page, 'Fabrikam Apps');
  await expect(page).toHaveURL(/\/a\/\d+\/settings\/developer$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Developer settings' })).toBeVisible();
  await switchAccount(page, 'Contoso Partners');
  await expect(page).toHaveURL(/\/a\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Contoso Partners' })).toBeVisible();
  const nav = await openNavigation(page);
  await expect(nav.getByRole('link', { name: 'Partner Network (MPN)' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Office Store' })).toHaveCount(0);
});

test('the left navigation lists the enrolled programs, each opening its page', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Fabrikam Apps');
  const nav = await openNavigation(page);
  await expect(nav.getByRole('link', { name: 'Office Store' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Edge extensions' })).toBeVisible();
  await nav.getByRole('link', { name: 'Office Store' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Office Store' })).toBeVisible();
  await expect(page.getByText('Status: Active')).toBeVisible();
});

test('two tabs can show two accounts at once', async ({ page, context }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Fabrikam Apps');
  const fabrikam = page.url();
  const other = await context.newPage();
  await open(other, fabrikam.replace(/\/a\/\d+.*/, '/'));
  await switchAccount(other, 'Contoso Partners');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Fabrikam Apps' })).toBeVisible();
  await expect(other.getByRole('heading', { level: 1, name: 'Contoso Partners' })).toBeVisible();
});

test('"Create another account" adds an account and the picker appears', async ({ page }) => {
  const { signUp } = await import('./helpers');
  await signUp(page, { company: 'First Co' });
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Create another account' }).click();
  await page.getByRole('textbox', { name: 'Company legal name' }).fill('Second Co');
  await page.getByRole('combobox', { name: 'Country' }).selectOption('BE');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Second Co' })).toBeVisible();
  const nav = await openNavigation(page);
  await nav.getByRole('button', { name: 'Switch account' }).click();
  await expect(nav.getByRole('link', { name: /First Co/ })).toBeVisible();
});
