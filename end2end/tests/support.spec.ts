import { test, expect, open, signIn, switchAccount } from './helpers';

// Partner settings → Support profile: checked by the server, saved, and
// shown on the partner's public directory page.

test('support profile: a bad phone is named, then it is saved and shown on the public page', async ({ page }, testInfo) => {
  // Each project its own account, so parallel runs don't edit one record
  // (the desktop one is published: its public page shows the profile).
  const published = testInfo.project.name !== 'phone';
  await signIn(page, 'ana@contoso.example');
  await switchAccount(page, published ? 'Northwind Traders' : 'Contoso Partners');
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/settings/partner/business`);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Support profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Support profile' })).toBeVisible();
  const email = `help-${Date.now()}@northwind.example`;
  await page.getByRole('textbox', { name: 'Support email' }).fill(email);
  await page.getByRole('textbox', { name: 'Support phone (optional)' }).fill('0800 NORTHWIND');
  await page.getByRole('textbox', { name: 'Support website (optional)' }).fill('https://northwind.example/help');
  await page.getByRole('button', { name: 'Save support profile' }).click();
  await expect(page.getByText('Enter the phone number with its country code')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Support email' })).toHaveValue(email);
  await page.getByRole('textbox', { name: 'Support phone (optional)' }).fill('+44 20 7946 0000');
  await page.getByRole('button', { name: 'Save support profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  if (!published) return;
  const pid = home.split('/').pop();
  await open(page, `/partners/${pid}`);
  const support = page.getByRole('region', { name: 'Support profile' });
  await expect(support.getByRole('link', { name: `Support email: ${email}` })).toHaveAttribute('href', `mailto:${email}`);
  await expect(support.getByRole('link', { name: /Support phone/ })).toHaveAttribute('href', 'tel:+442079460000');
});
