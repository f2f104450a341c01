import { test, expect, open, signIn, signUp, switchAccount, ANA } from './helpers';

test('an account enrolling in Office Store accepts the App developer agreement from the checklist', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/office-store`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  const requirements = page.getByRole('region', { name: 'Requirements' });
  await requirements.getByRole('link', { name: 'Latest version accepted: App developer agreement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agreements' })).toBeVisible();
  const card = page.getByRole('region', { name: 'App developer agreement' });
  await expect(card).toContainText('Not accepted yet.');
  await card.getByText('Read the agreement').click();
  await expect(card).toContainText('free of malware');
  await card.getByRole('button', { name: 'Accept version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Agreement accepted.' })).toBeVisible();
  await expect(card).toContainText(/Version 1 accepted on \d{1,2} [A-Z][a-z]+ \d{4} by Test User\./);
  await expect(card.getByRole('button')).toHaveCount(0);
  // Still pending: the publisher display name is missing.
  await page.goBack();
  await expect(requirements.getByRole('listitem').filter({ hasText: 'App developer agreement' })).toContainText('Done');
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Publisher display name' })).toContainText('To do');
  await expect(page.getByText('Status: Pending')).toBeVisible();
});

test('a newer agreement version is accepted from the "Action needed" banner', async ({ page }, testInfo) => {
  // Accepting changes the demo data: each screen size has its own account.
  if (testInfo.project.name === 'phone') {
    await signIn(page, 'lee@wingtip.example');
  } else {
    await signIn(page, ANA);
    await switchAccount(page, 'Northwind Traders');
  }
  const banner = page.getByRole('complementary', { name: 'Action needed' });
  await expect(banner).toContainText('A new version of the Publisher agreement (version 2) needs to be accepted.');
  await banner.getByRole('link', { name: 'Review and accept' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agreements' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Publisher agreement' });
  await expect(card).toContainText(/Version 1 accepted on 1 March 2025 by (Ana Martin|Lee Chen)\. Version 2 needs your acceptance\./);
  await card.getByRole('button', { name: 'Accept version 2' }).click();
  await expect(card).toContainText(/Version 2 accepted on \d{1,2} [A-Z][a-z]+ \d{4} by (Ana Martin|Lee Chen)\./);
  await expect(page.getByRole('complementary', { name: 'Action needed' })).toHaveCount(0);
});

test('a Sales agent reads the agreements but cannot accept them', async ({ page }) => {
  await signIn(page, 'sam@contoso.example');
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/settings/partner/agreements`);
  await expect(page.getByText('Only Global admins, Account admins, Owners and Managers can accept agreements.')).toBeVisible();
  const card = page.getByRole('region', { name: 'Partner Network agreement' });
  await expect(card).toContainText('Version 1 accepted on');
  await expect(page.getByRole('button', { name: /Accept version/ })).toHaveCount(0);
  // The server refuses a direct call too.
  const pid = home.split('/')[2];
  const call = await page.request.post('/api/accept_agreement', { form: { partner_id: pid, agreement_code: 'mpn', version: '1' } });
  expect(call.status()).toBe(403);
});

test('the Partner settings page shows each program with its status and agreement', async ({ page }) => {
  await signIn(page, ANA);
  await switchAccount(page, 'Contoso Partners');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Partner settings' }).click();
  const info = page.getByRole('region', { name: 'Program information' });
  const mpn = info.getByRole('listitem').filter({ hasText: 'Partner Network (MPN)' });
  await expect(mpn).toContainText('Active');
  await expect(mpn).toContainText('Partner Network agreement: version 1 accepted');
  // Referrals waits for a published business profile.
  await expect(info.getByRole('listitem').filter({ hasText: 'Referrals' })).toContainText('Pending');
  await expect(info.getByRole('listitem')).toHaveCount(2);
});
