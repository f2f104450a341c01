import { type Browser, type Page } from '@playwright/test';
import { test, expect, open, signUp, signInOperator, watchErrors, OPERATOR, DEMO_PASSWORD } from './helpers';

// The vendor's side (SPEC §10): an operator reviews what partners submit,
// in a second browser, while the partner watches the result in theirs.

/** The operator's own browser, at the partner's screen size. */
async function operatorPage(browser: Browser, partner: Page) {
  const context = await browser.newContext({ viewport: partner.viewportSize() });
  const page = await context.newPage();
  watchErrors(page);
  await signInOperator(page);
  return page;
}

/** Enrolls the new account in MPN and saves its Partner profile: verification is then Pending. */
async function askForVerification(page: Page, home: string) {
  await open(page, `${home}/programs/mpn`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  await open(page, `${home}/settings/partner/profile`);
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('1 rue de la Paix');
  await page.getByRole('textbox', { name: 'City' }).fill('Paris');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75002');
  await page.getByRole('textbox', { name: 'First name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Last name' }).fill('Martin');
  await page.getByRole('textbox', { name: 'Contact work email' }).fill(`contact-${Date.now()}@example-corp.test`);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByText('Verification status: Pending')).toBeVisible();
}

/** The operator's queue item for `company` (searched by name). */
async function queued(operator: Page, path: string, company: string) {
  await open(operator, `${path}?q=${encodeURIComponent(company)}`);
  const item = operator.getByRole('article', { name: company });
  await expect(item).toBeVisible();
  return item;
}

test('an operator approves a verification, and the legal name is then fixed', async ({ page, browser }) => {
  const { company } = await signUp(page);
  const home = new URL(page.url()).pathname;
  await askForVerification(page, home);

  const operator = await operatorPage(browser, page);
  const item = await queued(operator, '/operator', company);
  await expect(item.getByText('Legal profile')).toBeVisible();
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(operator.getByRole('status').filter({ hasText: 'Decision saved' })).toBeVisible();
  await expect(operator.getByRole('article', { name: company })).toHaveCount(0);

  await open(page, `${home}/settings/partner/profile`);
  await expect(page.getByText('Verification status: Authorized')).toBeVisible();
  const legalName = page.getByRole('textbox', { name: 'Company legal name' });
  await expect(legalName).toHaveAttribute('readonly', '');
  await expect(page.getByText('Fixed: the account is verified (Authorized).')).toBeVisible();
  await operator.context().close();
});

test('a rejected verification shows its reason on the Partner profile', async ({ page, browser }) => {
  const { company } = await signUp(page);
  const home = new URL(page.url()).pathname;
  await askForVerification(page, home);

  const operator = await operatorPage(browser, page);
  const item = await queued(operator, '/operator', company);
  // A rejection needs its reason: refused without one, nothing changes.
  await item.getByRole('button', { name: 'Reject' }).click();
  await expect(item.getByText('This field is required.')).toBeVisible();
  await item.getByRole('textbox', { name: /^Reason/ }).fill('The postal code does not match the city registry.');
  await item.getByRole('button', { name: 'Reject' }).click();
  await expect(operator.getByRole('status').filter({ hasText: 'Decision saved' })).toBeVisible();

  await open(page, `${home}/settings/partner/profile`);
  await expect(page.getByText('Verification status: Rejected')).toBeVisible();
  await expect(page.getByText('Why verification was rejected: The postal code does not match the city registry.')).toBeVisible();
  await operator.context().close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test('a tax exemption with its certificate is approved in the operator console', async ({ page, browser }) => {
  const { company } = await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/programs/mpn`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();

  await open(page, `${home}/settings/partner/tax-exemptions`);
  await expect(page.getByRole('heading', { level: 1, name: 'Tax exemptions' })).toBeVisible();
  await expect(page.getByText('No tax exemption requested yet.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Exemption type' }).selectOption('education');
  await page.getByRole('textbox', { name: 'Certificate number' }).fill('FR-EDU-2026/17');
  await page.getByLabel('Valid from').fill('2026-01-01');
  await page.getByLabel('Valid until').fill('2025-12-31');
  // A text file named .pdf is still text.
  await page.getByLabel('Certificate', { exact: true }).setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByText('The end date must come after the start date.')).toBeVisible();
  await expect(page.getByText('Choose a PDF, JPG or PNG file.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Certificate number' })).toHaveValue('FR-EDU-2026/17');

  await page.getByLabel('Valid until').fill('2027-12-31');
  await page.getByLabel('Certificate', { exact: true }).setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Request submitted' })).toBeVisible();
  const request = page.getByRole('listitem').filter({ hasText: 'FR-EDU-2026/17' });
  await expect(request.getByText('Submitted', { exact: true })).toBeVisible();
  await expect(request.getByText('1 January 2026 – 31 December 2027')).toBeVisible();
  const download = page.waitForEvent('download');
  await request.getByRole('link', { name: /Download certificate\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe('certificate.pdf');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  const operator = await operatorPage(browser, page);
  const item = await queued(operator, '/operator/tax-exemptions', company);
  await expect(item.getByText('FR-EDU-2026/17')).toBeVisible();
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(operator.getByRole('status').filter({ hasText: 'Decision saved' })).toBeVisible();
  await operator.context().close();

  await open(page, `${home}/settings/partner/tax-exemptions`);
  await expect(page.getByRole('listitem').filter({ hasText: 'FR-EDU-2026/17' }).getByText('Approved', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Withdraw' })).toHaveCount(0);
});

test('a suspended account shows why and can be reactivated', async ({ page, browser }) => {
  const { company } = await signUp(page);
  const home = new URL(page.url()).pathname;
  const operator = await operatorPage(browser, page);
  await open(operator, `/operator/accounts?q=${encodeURIComponent(company)}`);
  const account = operator.getByRole('article', { name: company });
  await account.getByRole('textbox', { name: /^Reason for a suspension/ }).fill('Unpaid invoices since March.');
  await account.getByRole('button', { name: 'Suspend' }).click();
  await expect(operator.getByRole('status').filter({ hasText: 'Account status changed.' })).toBeVisible();

  await open(page, home);
  const banner = page.getByRole('region', { name: 'This account is suspended' });
  await expect(banner).toContainText('Unpaid invoices since March.');
  // Reading still works; enrolling (a change) is refused by the server.
  await open(page, `${home}/programs/mpn`);
  await expect(page.getByRole('button', { name: 'Get started' })).toHaveCount(0);

  await account.getByRole('button', { name: 'Reactivate' }).click();
  await expect(operator.getByRole('status').filter({ hasText: 'Account status changed.' })).toBeVisible();
  await expect(account.getByRole('button', { name: 'Suspend' })).toBeVisible();
  await open(page, home);
  await expect(page.getByRole('region', { name: 'This account is suspended' })).toHaveCount(0);
  await operator.context().close();
});

test('an operator signs out from the console', async ({ page }) => {
  await signInOperator(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto('/operator');
  await expect(page).toHaveURL(/\/signin$/);
});

test.describe('before the page is interactive (JavaScript off)', () => {
  test.use({ javaScriptEnabled: false });

  test('the console\'s Sign out is a plain form and still signs out', async ({ page }) => {
    const signedIn = await page.request.post('/api/sign_in', {
      form: { 'form[email]': OPERATOR, 'form[password]': DEMO_PASSWORD },
    });
    expect(signedIn.status()).toBe(200);
    await page.goto('/operator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await page.goto('/operator');
    await expect(page).toHaveURL(/\/signin$/);
  });
});
