import { test, expect, open, signUp } from './helpers';

// Partner settings → Control Panel Vendor applications: a Global admin
// accepts the CPV agreement, then registers and unregisters an application.

test('register and unregister a Control Panel Vendor application', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/mpn`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();

  await open(page, `${home}/settings/partner/cpv-applications`);
  await expect(page.getByRole('heading', { level: 1, name: 'Control Panel Vendor applications' })).toBeVisible();
  await expect(page.getByText('Accept the Control Panel Vendor agreement to register applications.')).toBeVisible();
  await page.getByRole('link', { name: 'Go to Agreements' }).click();
  await page.getByRole('region', { name: 'Control Panel Vendor (CPV) agreement' }).getByRole('button', { name: 'Accept version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: /accepted/i })).toBeVisible();
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Control Panel Vendor applications' }).click();

  // Wrong values: each field says why; what was typed stays.
  const name = page.getByRole('textbox', { name: 'Application name' });
  const appId = page.getByRole('textbox', { name: 'Application ID' });
  const replyUrl = page.getByRole('textbox', { name: 'Reply URL' });
  await name.fill('Contoso panel');
  await appId.fill('not-a-guid');
  await replyUrl.fill('http://panel.contoso.example/callback');
  await page.getByRole('button', { name: 'Register application' }).click();
  await expect(page.getByText('Enter a GUID: 32 hexadecimal digits in groups of 8-4-4-4-12.')).toBeVisible();
  await expect(page.getByText('Use an address that starts with https://.')).toBeVisible();
  await expect(name).toHaveValue('Contoso panel');

  await appId.fill('0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9');
  await replyUrl.fill('https://panel.contoso.example/callback');
  await replyUrl.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Application registered.' })).toBeVisible();
  const item = page.getByRole('listitem', { name: 'Contoso panel' });
  await expect(item).toContainText('0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9');
  await expect(item).toContainText('Registered by Test User on');

  await item.getByRole('button', { name: 'Unregister Contoso panel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Application unregistered.' })).toBeVisible();
  await expect(page.getByText('No application is registered.')).toBeVisible();
});
