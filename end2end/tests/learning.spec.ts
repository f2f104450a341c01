import { test, expect, open, signUp } from './helpers';

// My profile → Learning account (SPEC §7): link a learning ID to the
// account, remove the access, and meet the limit (30 days apart).

test('link a learning account, remove access, and see when the next link is allowed', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/profile`);
  const section = page.getByRole('region', { name: 'Learning account' });
  const field = section.getByRole('textbox', { name: 'Learning ID' });

  await field.fill('not valid!');
  await section.getByRole('button', { name: 'Link to this account' }).click();
  await expect(section.getByText('Use letters, digits, - _ and . only.')).toBeVisible();
  await expect(field).toHaveValue('not valid!');

  const id = `learn-${Date.now()}`;
  await field.fill(id);
  await field.press('Enter');
  await expect(section.getByRole('status').filter({ hasText: 'Learning account linked.' })).toBeVisible();
  await expect(section.getByText(`Your learning ID ${id} is linked to this account since`)).toBeVisible();

  await section.getByRole('button', { name: 'Remove access' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Learning account unlinked.' })).toBeVisible();
  await expect(field).toHaveValue(id);
  await section.getByRole('button', { name: 'Link to this account' }).click();
  await expect(section.getByText(/You can link your learning account again from \d{1,2} \w+ \d{4}/)).toBeVisible();
  await expect(field).toHaveValue(id);
});
