import { test, expect, addUser, firstSignIn, newPerson, open, openNavigation, signUp, uniqueEmail } from './helpers';

// The catalog (SPEC §7): pin three offers, reorder them with the keyboard,
// a button and the mouse, then another user of the account sees the same order.

test('pin three offers, reorder them by keyboard and by dragging, and another user sees the order', async ({ page, browser }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();
  await expect(page.getByText('No offer is pinned.')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search offers by name, offer ID or product family' }).fill('microsoft business premium monthly');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\?q=microsoft/);
  const names = [
    'Microsoft 365 Business Premium (Monthly)',
    'Microsoft 365 Business Premium for Education (Monthly)',
    'Microsoft 365 Business Premium GCC (Monthly)',
  ];
  for (const name of names) {
    await page.getByRole('button', { name: `Pin ${name}` }).click();
    await expect(page.getByRole('status').filter({ hasText: `${name} pinned.` })).toBeVisible();
  }
  const pinned = page.getByRole('list', { name: 'Pinned offers' }).getByRole('listitem');
  await expect(pinned).toHaveCount(3);

  // The third to the top with the arrow keys; each move is announced.
  const third = pinned.nth(2);
  await third.focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('status').filter({ hasText: `${names[2]} moved to position 2 of 3.` })).toBeVisible();
  await expect(page.getByRole('listitem', { name: names[2] })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('status').filter({ hasText: `${names[2]} moved to position 1 of 3.` })).toBeVisible();
  // And one down with its button.
  await page.getByRole('listitem', { name: names[0] }).getByRole('button', { name: 'Move down' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${names[0]} moved to position 3 of 3.` })).toBeVisible();
  await expect(pinned).toHaveText([names[2], names[1], names[0]].map((n, i) => new RegExp(`^${i + 1}\\. ${n.replace(/[()]/g, '\\$&')}`)));
  // And the last dragged onto the first (a mouse).
  await pinned.nth(2).dragTo(pinned.nth(0));
  await expect(page.getByRole('status').filter({ hasText: `${names[0]} moved to position 1 of 3.` })).toBeVisible();
  const order = [names[0], names[2], names[1]];
  await expect(pinned).toHaveText(order.map((n, i) => new RegExp(`^${i + 1}\\. ${n.replace(/[()]/g, '\\$&')}`)));

  // A Sales agent of the account sees the same order.
  const email = uniqueEmail('sales');
  const temporary = await addUser(page, email, 'Sales agent');
  const sam = await newPerson(browser, page);
  await firstSignIn(sam, email, temporary);
  await open(sam, `${home}/catalog`);
  await expect(sam.getByRole('list', { name: 'Pinned offers' }).getByRole('listitem')).toHaveText(
    order.map((n, i) => new RegExp(`^${i + 1}\\. ${n.replace(/[()]/g, '\\$&')}`)),
  );
  await sam.context().close();
});
