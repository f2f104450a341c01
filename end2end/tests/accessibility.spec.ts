import axe from 'axe-core';
import { type Page } from '@playwright/test';
import { ANA, expect, open, openNavigation, signIn, signInOperator, test } from './helpers';

declare global {
  interface Window {
    axe: typeof axe;
  }
}

// Every page of the app, checked with axe (WCAG 2.0–2.2, levels A and AA) in
// the light and the dark colour scheme; the desktop and phone projects run
// it at 1280 and 360 px. Zero violations.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Each test checks many pages twice (two colour schemes).
test.describe.configure({ timeout: 120_000 });

// axe-core is put in the page once and run there for each scheme. (Through
// @axe-core/playwright each check put it in again and opened a blank page to
// assemble its results: 0.9 s a check where the rules take 0.1 s.)
async function checkBothSchemes(page: Page, path: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page, path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.evaluate(axe.source);
  // The colour scheme is a media query: switching it restyles the page in
  // place, no second load needed.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const found = await page.evaluate(async (tags) => {
      const results = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
      );
    }, TAGS);
    expect(found, `${path} in ${colorScheme} mode`).toEqual([]);
  }
}

/** The Partner IDs of Ana's accounts, by name. */
async function anasAccounts(page: Page): Promise<Record<string, string>> {
  await signIn(page, ANA);
  // The picker's list is made when the picker opens.
  const nav = await openNavigation(page);
  await nav.getByRole('button', { name: 'Switch account' }).click();
  const list = nav.getByRole('list', { name: 'Your accounts' }).getByRole('link');
  await expect(list).toHaveCount(3);
  const links = await list.evaluateAll((as) =>
    as.map((a) => [a.textContent ?? '', a.getAttribute('href') ?? '']),
  );
  const byName: Record<string, string> = {};
  for (const [text, href] of links) {
    for (const name of ['Contoso Partners', 'Fabrikam Apps', 'Northwind Traders']) {
      if (text.includes(name)) byName[name] = href;
    }
  }
  expect(Object.keys(byName)).toHaveLength(3);
  return byName;
}

test('visitor pages have no accessibility violations', async ({ page }) => {
  for (const path of ['/signin', '/signup', '/forgot-password', '/partners']) {
    await checkBothSchemes(page, path);
  }
  await open(page, '/partners');
  const partner = page.getByRole('link', { name: 'Northwind Traders' }).first();
  await checkBothSchemes(page, (await partner.getAttribute('href')) ?? '/partners');
});

test('programs pages have no accessibility violations', async ({ page }) => {
  const home = (await anasAccounts(page))['Contoso Partners'];
  for (const rest of ['', '/programs', '/programs/mpn', '/programs/referrals']) {
    await checkBothSchemes(page, `${home}${rest}`);
  }
});

test('Partner settings pages have no accessibility violations', async ({ page }) => {
  const home = (await anasAccounts(page))['Contoso Partners'];
  for (const rest of [
    '/settings/partner',
    '/settings/partner/profile',
    '/settings/partner/billing',
    '/settings/partner/business',
    '/settings/partner/support',
    '/settings/partner/organization',
    '/settings/partner/tax-exemptions',
    '/settings/partner/programs',
    '/settings/partner/agreements',
  ]) {
    await checkBothSchemes(page, `${home}${rest}`);
  }
});

test('activity log, CPV, catalog and pricing pages have no accessibility violations', async ({ page }) => {
  const home = (await anasAccounts(page))['Contoso Partners'];
  for (const rest of ['/settings/partner/activity', '/settings/partner/cpv-applications', '/catalog', '/pricing']) {
    await checkBothSchemes(page, `${home}${rest}`);
  }
});

test('Locations pages have no accessibility violations', async ({ page }) => {
  const home = (await anasAccounts(page))['Contoso Partners'];
  for (const rest of ['/settings/partner/locations', '/settings/partner/locations/add']) {
    await checkBothSchemes(page, `${home}${rest}`);
  }
  await open(page, `${home}/settings/partner/locations`);
  const hq = page.getByRole('link', { name: 'Paris headquarters' });
  await checkBothSchemes(page, (await hq.getAttribute('href')) ?? `${home}/settings/partner/locations`);
});

test('Developer settings pages have no accessibility violations', async ({ page }) => {
  const home = (await anasAccounts(page))['Fabrikam Apps'];
  for (const rest of [
    '',
    '/settings/developer',
    '/settings/developer/account',
    '/settings/developer/contact',
    '/settings/developer/payout',
    '/settings/developer/programs',
    '/settings/developer/agreements',
    '/settings/developer/activity',
  ]) {
    await checkBothSchemes(page, `${home}${rest}`);
  }
});

test('user management and personal pages have no accessibility violations', async ({ page }) => {
  const home = (await anasAccounts(page))['Northwind Traders'];
  for (const rest of ['/users', '/users/add', '/users/invite', '/roles', '/profile', '/new-account']) {
    await checkBothSchemes(page, `${home}${rest}`);
  }
  await open(page, `${home}/users`);
  const member = page.getByRole('link', { name: /Ana/ }).first();
  await checkBothSchemes(page, (await member.getAttribute('href')) ?? `${home}/users`);
});

test('operator console pages have no accessibility violations', async ({ page }) => {
  await signInOperator(page);
  for (const path of ['/operator', '/operator/tax-exemptions', '/operator/prices', '/operator/accounts']) {
    await checkBothSchemes(page, path);
  }
  const log = page.getByRole('link', { name: 'Activity log' }).first();
  await checkBothSchemes(page, (await log.getAttribute('href')) ?? '/operator/accounts');
});
