import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';

export { expect };

// Uncaught errors, Rust panics and Content-Security-Policy violations in any
// page a test opens; a test that saw one fails, so a page that silently stops
// reacting (or a script the policy blocks) can't pass unnoticed.
let browserErrors: string[] = [];

/** Records a page's uncaught errors and panics (done for `page` and its context's pages). */
export function watchErrors(page: Page) {
  page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && (text.includes('panicked') || text.includes('Content Security Policy'))) {
      // The panic's message without its wasm stack, so a CI summary that
      // shortens long output still shows what panicked and where.
      browserErrors.push(`${page.url()}: ${text.split('\n\nStack:')[0].slice(0, 600)}`);
    }
  });
}

export const test = base.extend<{ failOnBrowserErrors: void }>({
  failOnBrowserErrors: [
    async ({ page, context }, use) => {
      browserErrors = [];
      watchErrors(page);
      context.on('page', watchErrors);
      await use();
      expect(browserErrors, 'errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
});

export const DEMO_PASSWORD = 'Demo-Password-1';
export const ANA = 'ana@contoso.example'; // three accounts
export const BEN = 'ben@tailspin.example'; // one account, no program
export const OPERATOR = 'olivia@vendor.example'; // the vendor's reviewer: /operator

/** Opens a page and waits until it is hydrated (reacts to input). */
export async function open(page: Page, path: string) {
  const response = await page.goto(path);
  await page.locator('body[data-hydrated]').waitFor();
  return response;
}

/**
 * Signs in through the sign-in API, as the form does, and opens the user's
 * home (an operator's: the console). The form itself is driven by the tests
 * about it (sign-in.spec.ts, language.spec.ts); everywhere else signing in is
 * only the way in, and the API takes 0.25 s less (0.60 s against 0.85 s a
 * sign-in, CI's development server).
 */
async function signInThroughApi(page: Page, email: string, password: string) {
  const response = await page.request.post('/api/sign_in', {
    form: { 'form[email]': email, 'form[password]': password },
  });
  expect(response.status(), `signing in ${email}`).toBe(200);
  await open(page, '/');
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await signInThroughApi(page, email, password);
  await expect(page).toHaveURL(/\/a\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Signs in as the demo operator, who lands on the console. */
export async function signInOperator(page: Page) {
  await signInThroughApi(page, OPERATOR, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/operator$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Verification requests' })).toBeVisible();
}

let counter = 0;
/** A work email no other test uses. */
export function uniqueEmail(prefix = 'user') {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}@example-corp.test`;
}

/**
 * Signs up a new company account and lands on its home page: through the
 * form with `throughForm` (the tests about signing up), else through the
 * sign-up API with the same fields (0.57 s against 1.26 s a sign-up).
 */
export async function signUp(
  page: Page,
  opts: { email?: string; company?: string; throughForm?: boolean } = {},
) {
  const email = opts.email ?? uniqueEmail();
  const company = opts.company ?? `Company ${Date.now()}`;
  if (opts.throughForm) {
    await open(page, '/signup');
    await page.getByRole('textbox', { name: 'Work email' }).fill(email);
    await page.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Test User');
    await page.getByRole('textbox', { name: 'Company legal name' }).fill(company);
    await page.getByRole('combobox', { name: 'Country' }).selectOption('FR');
    await page.getByRole('radio', { name: 'Company' }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
  } else {
    const response = await page.request.post('/api/sign_up', {
      form: {
        'form[email]': email,
        'form[password]': 'a long enough password',
        'form[display_name]': 'Test User',
        'form[account][legal_name]': company,
        'form[account][country]': 'FR',
        'form[account][account_type]': 'company',
      },
    });
    expect(response.status(), `signing up ${email}`).toBe(200);
    await open(page, '/');
  }
  await expect(page.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
  return { email, company };
}

/** On a phone (below Tailwind's md breakpoint) the navigation is a drawer: open it first. */
export async function openNavigation(page: Page) {
  if ((page.viewportSize()?.width ?? 1280) < 768) {
    await page.getByRole('button', { name: 'Open navigation' }).click();
  }
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  return nav;
}

/** Switches to the account named `name` with the picker. */
export async function switchAccount(page: Page, name: string) {
  const nav = await openNavigation(page);
  await nav.getByRole('button', { name: 'Switch account' }).click();
  const link = nav.getByRole('list', { name: 'Your accounts' }).getByRole('link', { name: new RegExp(name) });
  const href = await link.getAttribute('href');
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('button', { name: 'Switch account', includeHidden: true })).toContainText(name);
}


/**
 * The path of the newest link to `path` emailed to `recipient`, read from the
 * files the server delivers email to (EMAIL_DIR; see playwright.config.ts).
 * The server sends waiting email every second.
 */
export async function emailedLink(recipient: string, path: string): Promise<string> {
  // Both servers' mail (SQLite and PostgreSQL); recipients are unique per test.
  const dirs = ['e2e-mail', 'e2e-pg-mail'].map((d) => join(__dirname, '..', '..', 'target', d));
  const find = () => {
    const mails = dirs
      .filter((dir) => existsSync(dir))
      .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
      .map((file) => ({ file, at: statSync(file).mtimeMs, text: readFileSync(file, 'utf8') }))
      .filter((mail) => mail.text.startsWith(`To: ${recipient}\n`))
      .sort((a, b) => b.at - a.at);
    const match = mails[0]?.text.match(new RegExp(`https?://[^/\\s]+(${path}[^\\s]+)`));
    return match ? match[1] : '';
  };
  await expect.poll(find, { timeout: 20_000, message: `an email to ${recipient}` }).not.toBe('');
  return find();
}

/** Enrolls the signed-in account (home path `home`) in MPN and meets its requirements as a user would. */
export async function activateMpn(page: Page, home: string) {
  await open(page, `${home}/programs/mpn`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  await open(page, `${home}/settings/partner/profile`);
  const contact = uniqueEmail('contact');
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('1 rue de la Paix');
  await page.getByRole('textbox', { name: 'City' }).fill('Paris');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75002');
  await page.getByRole('textbox', { name: 'First name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Last name' }).fill('Martin');
  await page.getByRole('textbox', { name: 'Contact work email' }).fill(contact);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await open(page, await emailedLink(contact, '/verify-email/'));
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page.getByText('Thank you: the email is confirmed.')).toBeVisible();
  await open(page, `${home}/settings/partner/agreements`);
  await page.getByRole('region', { name: 'Partner Network agreement' }).getByRole('button', { name: 'Accept version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Agreement accepted.' })).toBeVisible();
}

/** A second person, in a browser of their own. */
export async function newPerson(browser: Browser, page: Page) {
  const context = await browser.newContext({
    viewport: page.viewportSize() ?? undefined,
    hasTouch: (page.viewportSize()?.width ?? 1280) < 768,
  });
  const person = await context.newPage();
  watchErrors(person);
  return person;
}

export async function openUserManagement(page: Page) {
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'User management' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'User management' })).toBeVisible();
}

/** Adds a user with `role` and returns their temporary password. */
export async function addUser(page: Page, email: string, role: string) {
  await openUserManagement(page);
  await page.getByRole('link', { name: 'Add user' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Bo Person');
  await page.getByRole('textbox', { name: 'Work email' }).fill(email);
  await page.getByRole('checkbox', { name: role, exact: true }).check();
  await page.getByRole('button', { name: 'Add user' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Temporary password' });
  await expect(notice).toContainText(email);
  const password = (await notice.getByLabel('Temporary password').textContent()) ?? '';
  expect(password).toHaveLength(16);
  return password;
}

/** Signs in with a temporary password and replaces it; lands on the account. */
export async function firstSignIn(page: Page, email: string, temporary: string) {
  await open(page, '/signin');
  await page.getByRole('textbox', { name: 'Work email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(temporary);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await expect(page).toHaveURL(/\/password$/);
  await page.getByRole('textbox', { name: 'Current password' }).fill(temporary);
  await page.getByRole('textbox', { name: 'New password' }).fill('my own long password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/a\/\d+$/);
}
