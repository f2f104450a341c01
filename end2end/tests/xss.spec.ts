import { expect, open, test, uniqueEmail } from './helpers';

// The XSS suite in Chromium: text typed into free-text fields (and a browser's
// user agent) comes back as text on every page that shows it, never as
// markup. A payload that ran would set `window.__xss`; one that the page's
// Content-Security-Policy stopped would be reported, and the shared fixture
// fails a test on any policy violation.
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload=window.__xss=1>',
  "javascript:window.__xss=1//'",
];

async function noScriptRan(page: import('@playwright/test').Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

test('names and a user agent full of markup are shown as text', async ({ page, browser }) => {
  const company = `Acme ${PAYLOADS[0]} ${PAYLOADS[1]}`;
  const email = uniqueEmail('xss');
  await open(page, '/signup');
  await page.getByRole('textbox', { name: 'Work email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await page.getByRole('textbox', { name: 'Your name' }).fill(`Eve ${PAYLOADS[2]}`);
  await page.getByRole('textbox', { name: 'Company legal name' }).fill(company);
  await page.getByRole('combobox', { name: 'Country' }).selectOption('FR');
  await page.getByRole('radio', { name: 'Company' }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  // The home page's heading is the company's name, as typed.
  await expect(page.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
  await noScriptRan(page);
  const home = new URL(page.url()).pathname;

  // A second session whose browser calls itself a payload: the sessions
  // list shows that user agent.
  const other = await browser.newContext({ userAgent: `Mozilla/5.0 ${PAYLOADS[1]} ${PAYLOADS[3]}` });
  const elsewhere = await other.newPage();
  await open(elsewhere, '/signin');
  await elsewhere.getByRole('textbox', { name: 'Work email' }).fill(email);
  await elsewhere.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await elsewhere.getByRole('button', { name: 'Sign in' }).click();
  await expect(elsewhere).toHaveURL(/\/a\/\d+$/);
  await noScriptRan(elsewhere);
  await other.close();

  // Every page that shows the names or the user agent, loaded fresh (server
  // rendering) and then hydrated.
  for (const path of [`${home}/users`, `${home}/profile`, `${home}/settings/partner`, home]) {
    await open(page, path);
    await noScriptRan(page);
  }
  await open(page, `${home}/profile`);
  const sessions = page.getByRole('region', { name: 'Sessions' });
  await expect(sessions.getByText(PAYLOADS[1], { exact: false })).toBeVisible();
  await noScriptRan(page);
  await open(page, `${home}/users`);
  await expect(page.getByRole('main').getByText(`Eve ${PAYLOADS[2]}`).first()).toBeVisible();
  await noScriptRan(page);
});

test('a search word full of markup is shown as text in the directory', async ({ page }) => {
  for (const payload of PAYLOADS) {
    await open(page, `/partners?q=${encodeURIComponent(payload)}`);
    await expect(page.getByRole('searchbox', { name: 'Search partners' })).toHaveValue(payload);
    await noScriptRan(page);
  }
});
