import { test, expect, open, signIn, signUp, uniqueEmail, openNavigation, ANA } from './helpers';

test('signing up creates the account and opens its home, with no picker for one account', async ({ page }) => {
  const { company } = await signUp(page, { throughForm: true });
  await expect(page.getByText(/Partner ID/).first()).toBeVisible();
  const nav = await openNavigation(page);
  await expect(nav.getByRole('button', { name: 'Switch account' })).toHaveCount(0);
  await expect(nav.getByText(company, { exact: false }).first()).toBeVisible();
});

test('a company account refuses a free-mail address next to the field and keeps what was typed', async ({ page }) => {
  await open(page, '/signup');
  await page.getByRole('textbox', { name: 'Work email' }).fill('someone@gmail.com');
  await page.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Some One');
  await page.getByRole('textbox', { name: 'Company legal name' }).fill('Gmail Users Ltd');
  await page.getByRole('combobox', { name: 'Country' }).selectOption('DE');
  await page.getByRole('button', { name: 'Create account' }).click();
  const email = page.getByRole('textbox', { name: 'Work email' });
  await expect(email).toHaveAccessibleDescription(/Use your work email/);
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveValue('someone@gmail.com');
  await expect(page.getByRole('textbox', { name: 'Company legal name' })).toHaveValue('Gmail Users Ltd');
  await expect(page).toHaveURL(/\/signup$/);
});

test('sign-in refuses a wrong password with a generic message, then accepts the right one', async ({ page, context }) => {
  const { email } = await signUp(page);
  await context.clearCookies();
  await open(page, '/signin');
  await page.getByRole('textbox', { name: 'Work email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The work email or password is incorrect.');
  await expect(page.getByRole('textbox', { name: 'Work email' })).toHaveValue(email);
  await page.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/a\/\d+$/);
});

test('an unknown email gets the same message as a wrong password', async ({ page }) => {
  await open(page, '/signin');
  await page.getByRole('textbox', { name: 'Work email' }).fill(uniqueEmail('nobody'));
  await page.getByRole('textbox', { name: 'Password' }).fill('whatever it is');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The work email or password is incorrect.');
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, ANA);
  const home = page.url();
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto(home);
  await expect(page).toHaveURL(/\/signin$/);
});

test('account pages need a signed-in user', async ({ page }) => {
  await page.goto('/a/1234567/programs');
  await expect(page).toHaveURL(/\/signin$/);
});

test.describe('before the page is interactive (JavaScript off)', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in form still posts, and a refusal comes back with its message', async ({ page }) => {
    await page.goto('/signin');
    await page.getByRole('textbox', { name: 'Work email' }).fill('nobody@contoso.example');
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/signin\?/);
    await expect(page.getByRole('alert')).toHaveText('The work email or password is incorrect.');
  });
});
