import { test, expect, open, signUp, emailedLink } from './helpers';

// "Forgot password?": a person gets back in without an admin, through a
// single-use link sent to their work email.

test('a forgotten password is reset through the emailed link, once', async ({ page }) => {
  const { email } = await signUp(page);
  await page.context().clearCookies();

  await open(page, '/signin');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Work email' }).fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If this email has a sign-in, a link is on its way.' })).toBeVisible();

  const link = await emailedLink(email, '/reset-password/');
  await open(page, link);
  await page.getByRole('textbox', { name: 'New password' }).fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText(/^Use at least \d+ characters\.$/)).toBeVisible();
  await page.getByRole('textbox', { name: 'New password' }).fill('my brand new passphrase');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();

  // The link worked once.
  await open(page, link);
  await page.getByRole('textbox', { name: 'New password' }).fill('another new passphrase');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This link no longer works' })).toBeVisible();

  await open(page, '/signin');
  await page.getByRole('textbox', { name: 'Work email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill('my brand new passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/a\/\d+$/);
});
