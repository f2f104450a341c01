import { test, expect, watchErrors, signUp, signIn, open } from './helpers';

test('switching to French translates the shell and is remembered for the user', async ({ page, browser }) => {
  const { email } = await signUp(page);
  // The page turns French at once; the preference is stored by a request
  // of its own, which must be done before the reload below reads it.
  const stored = page.waitForResponse((r) => r.url().includes('/api/set_language') && r.ok());
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
  await stored;
  await expect(page.getByRole('button', { name: 'Paramètres' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Menu du compte' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
  await page.getByRole('button', { name: 'Menu du compte' }).click();
  await page.getByRole('menuitem', { name: 'Mon profil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await expect(page.getByRole('button', { name: 'Paramètres' })).toBeVisible();
  // My profile shows the stored preference.
  await expect(page.getByRole('main').getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');

  // A new browser (no cookie) signs in and gets the stored language.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  watchErrors(other);
  await open(other, '/signin');
  await expect(other.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await other.getByRole('textbox', { name: 'Work email' }).fill(email);
  await other.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('button', { name: 'Paramètres' })).toBeVisible();
  await fresh.close();
});

test('visitors can read the sign-in page in French', async ({ page }) => {
  await open(page, '/signin');
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'E-mail professionnel' })).toBeVisible();
});

test('a French-speaking browser gets French by default', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  watchErrors(page);
  await open(page, '/signin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se connecter au Portail partenaires');
  await context.close();
});
