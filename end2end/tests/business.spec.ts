import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { test, expect, activateMpn, open, signIn, signUp, watchErrors } from './helpers';

/** Someone who isn't signed in, on the same kind of screen. */
async function visitor(browser: Browser, page: Page) {
  const context = await browser.newContext({
    viewport: page.viewportSize() ?? undefined,
    hasTouch: (page.viewportSize()?.width ?? 1280) < 768,
  });
  const person = await context.newPage();
  watchErrors(person);
  return person;
}

/** A PNG image `width` pixels wide (1 pixel high). */
function png(width: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x33)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(row)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('Referrals: publishing the business profile makes it active, and visitors find the partner', async ({ page, browser }) => {
  const { company } = await signUp(page);
  const home = new URL(page.url()).pathname;
  await activateMpn(page, home);
  await open(page, `${home}/programs/referrals`);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByText('Status: Pending')).toBeVisible();
  const requirements = page.getByRole('region', { name: 'Requirements' });
  await expect(requirements.getByRole('listitem').filter({ hasText: 'Published business profile' })).toContainText('To do');

  await requirements.getByRole('link', { name: 'Published business profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Business profile' })).toBeVisible();
  // Publishing needs a description and an industry; a bad address is named.
  await page.getByRole('textbox', { name: 'Website' }).fill('contoso.example');
  await page.getByRole('checkbox', { name: 'Security' }).check();
  await page.getByRole('checkbox', { name: 'Publish in the Find a partner directory' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Needed to publish the profile.')).toHaveCount(2);
  await expect(page.getByText('Enter a web address starting with https://')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Website' })).toHaveValue('contoso.example');
  await expect(page.getByRole('checkbox', { name: 'Security' })).toBeChecked();

  const description = `${company} keeps hospital records safe. Zebrafinch audits.`;
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  await page.getByRole('textbox', { name: 'Website' }).fill('https://contoso.example');
  await page.getByRole('checkbox', { name: 'Healthcare' }).check();
  await page.getByRole('checkbox', { name: 'Medium (50–249 employees)' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved and published in the directory.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'View the public page' })).toBeVisible();
  await noHorizontalScroll(page);

  // The logo: too wide is refused next to the field; a fitting one shows.
  const logo = page.getByLabel('Logo (PNG, JPG or GIF, at most 300 pixels wide)');
  await logo.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: png(400) });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByText('The logo can be at most 300 pixels wide.')).toBeVisible();
  await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png(200) });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Logo saved.' })).toBeVisible();
  await expect(page.getByRole('img', { name: `Logo of ${company}` })).toBeVisible();

  await open(page, `${home}/programs/referrals`);
  await expect(page.getByText('Status: Active')).toBeVisible();

  // Anyone finds it: words, then a filter, then its page.
  const someone = await visitor(browser, page);
  await open(someone, '/');
  await someone.getByRole('link', { name: 'Find a partner' }).click();
  await expect(someone.getByRole('heading', { level: 1, name: 'Find a partner' })).toBeVisible();
  const search = someone.getByRole('search');
  await search.getByRole('searchbox', { name: 'Search partners' }).fill(`${company} zebrafinch`);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(someone.getByRole('status')).toHaveText('Partners found: 1');
  await search.getByRole('combobox', { name: 'Industry' }).selectOption({ label: 'Retail' });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(someone.getByText('No partner matches.')).toBeVisible();
  await search.getByRole('combobox', { name: 'Industry' }).selectOption({ label: 'Healthcare' });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(someone).toHaveURL(/industry=healthcare/);
  await noHorizontalScroll(someone);
  await someone.getByRole('link', { name: company, exact: true }).click();
  await expect(someone.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
  await expect(someone.getByRole('region', { name: 'About' })).toContainText('Zebrafinch audits.');
  await expect(someone.getByRole('link', { name: 'Website: https://contoso.example' })).toBeVisible();
  const shown = someone.getByRole('img', { name: `Logo of ${company}` });
  await expect(shown).toBeVisible();
  const image = await someone.request.get((await shown.getAttribute('src')) ?? '');
  expect(image.headers()['content-type']).toBe('image/png');
  expect((await image.body()).equals(png(200))).toBeTruthy();
  await expect(someone.getByText('Medium (50–249 employees)')).toBeVisible();
  await noHorizontalScroll(someone);
  await someone.context().close();

  // Withdrawn from the directory: its public page is gone.
  await open(page, `${home}/settings/partner/business`);
  const publish = page.getByRole('checkbox', { name: 'Publish in the Find a partner directory' });
  await expect(publish).toBeChecked();
  await publish.uncheck();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. The profile is not published.' })).toBeVisible();
  const gone = await page.request.get(`/partners/${home.split('/')[2]}`);
  expect(gone.status()).toBe(404);
});

test('the directory lists the demo partner, filters by country, and answers 404 for others', async ({ page }) => {
  await open(page, '/partners');
  const search = page.getByRole('search');
  await search.getByRole('combobox', { name: 'Country' }).selectOption({ label: 'United Kingdom' });
  await search.getByRole('button', { name: 'Search' }).click();
  const northwind = page.getByRole('article', { name: 'Northwind Traders' });
  await expect(northwind).toContainText('London, United Kingdom');
  await expect(northwind).toContainText('Hospitality · Retail');
  // Contoso's profile is a draft: never listed.
  await search.getByRole('combobox', { name: 'Country' }).selectOption({ label: 'Any' });
  await search.getByRole('searchbox', { name: 'Search partners' }).fill('Contoso');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No partner matches.')).toBeVisible();

  // In French, by keyboard.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('Français');
  const recherche = page.getByRole('search');
  await recherche.getByRole('searchbox', { name: 'Rechercher des partenaires' }).fill('northwind');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Partenaires trouvés : 1');
  await page.getByRole('link', { name: 'Northwind Traders' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Northwind Traders' })).toBeVisible();
  await expect(page.getByText('Hôtellerie et restauration · Commerce de détail')).toBeVisible();

  for (const path of ['/partners/1', '/partners/not-a-number']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
  }
});

test('a Sales agent reads the business profile but can’t change it, even by a direct call', async ({ page }) => {
  await signIn(page, 'sam@contoso.example');
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/settings/partner/business`);
  await expect(page.getByRole('heading', { level: 1, name: 'Business profile' })).toBeVisible();
  await expect(page.getByText('Only Global admins, Account admins, Business profile admins and Referrals admins')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue(/hospitals and clinics/);
  await expect(page.getByRole('textbox', { name: 'Description' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeHidden();
  const pid = home.split('/')[2];
  const call = await page.request.post('/api/save_business_profile', {
    form: {
      partner_id: pid,
      version: '1',
      'profile[description]': 'Taken over',
      'profile[industries][]': 'retail',
      'profile[published]': 'on',
    },
  });
  expect(call.status()).toBe(403);
});
