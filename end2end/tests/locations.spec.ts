import { test, expect, activateMpn, open, signIn, signUp, switchAccount } from './helpers';

// Partner settings → Locations (SPEC §6), driven as a partner admin would.

test('locations: the first is the headquarters, a bad postal code is named, the HQ moves the legal address', async ({ page }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await activateMpn(page, home);
  await open(page, `${home}/settings/partner/profile`);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Locations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Locations' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Locations found: 0' })).toBeVisible();

  // The first location starts from the Partner profile and becomes the HQ.
  await page.getByRole('link', { name: 'Add location' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a location' })).toBeVisible();
  await expect(page.getByText('Your first location becomes your headquarters')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'City' })).toHaveValue('Paris');
  await page.getByRole('textbox', { name: 'Location name' }).fill('Paris headquarters');
  await page.getByRole('textbox', { name: 'Contact phone' }).fill('+33 1 23 45 67 89');
  await page.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paris headquarters' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Location added.' })).toBeVisible();
  await expect(page.getByText('This is the headquarters')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove location' })).toHaveCount(0);

  // A second one: an invalid postal code is named next to the field and
  // nothing typed is lost.
  await page.getByRole('link', { name: 'Back to locations' }).click();
  await page.getByRole('link', { name: 'Add location' }).click();
  await page.getByRole('textbox', { name: 'Location name' }).fill('Lyon office');
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('10 quai Saint-Antoine');
  await page.getByRole('textbox', { name: 'City' }).fill('Lyon');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('6900');
  await page.getByRole('textbox', { name: 'Contact name' }).fill('Chloé Bernard');
  await page.getByRole('textbox', { name: 'Contact work email' }).fill('chloe@example-corp.test');
  await page.getByRole('textbox', { name: 'Contact phone' }).fill('+33 4 72 00 00 00');
  await page.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByText('Enter a postal code of the country chosen.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Postal code' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'Location name' })).toHaveValue('Lyon office');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('69002');
  await page.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lyon office' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Location added.' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Make it the headquarters, confirmed by keyboard.
  await page.getByRole('button', { name: 'Make headquarters' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Its address becomes your legal address')).toBeVisible();
  await page.getByRole('button', { name: 'Yes, make it the headquarters' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('This is the headquarters')).toBeVisible();

  // The legal profile follows; verification is pending.
  await open(page, `${home}/settings/partner/profile`);
  await expect(page.getByRole('textbox', { name: 'Address line 1' })).toHaveValue('10 quai Saint-Antoine');
  await expect(page.getByRole('textbox', { name: 'City' })).toHaveValue('Lyon');
  await expect(page.getByRole('main').getByText('Pending', { exact: true })).toBeVisible();

  // The business profile offers them, to show up to five.
  await open(page, `${home}/settings/partner/business`);
  const shown = page.getByRole('group', { name: 'Locations shown with the profile (up to 5)' });
  await shown.getByRole('checkbox', { name: /Lyon office/ }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await open(page, `${home}/settings/partner/business`);
  await expect(shown.getByRole('checkbox', { name: /Lyon office/ })).toBeChecked();

  // The list: the HQ first; the old HQ can now be removed.
  await open(page, `${home}/settings/partner/locations`);
  const list = page.getByRole('list').filter({ hasText: 'Location ID' });
  await expect(list.getByRole('listitem').first()).toContainText('Lyon office');
  await expect(list.getByRole('listitem').first()).toContainText('Headquarters');
  await list.getByRole('link', { name: 'Paris headquarters' }).click();
  await page.getByRole('button', { name: 'Remove location' }).click();
  await page.getByRole('button', { name: 'Yes, remove it' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Locations' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Locations found: 1' })).toBeVisible();
});

test('locations: a US address asks for its state from a list; search finds by city', async ({ page }) => {
  await signIn(page, 'ana@contoso.example');
  await switchAccount(page, 'Contoso Partners');
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/settings/partner/locations/add`);
  await expect(page.getByRole('textbox', { name: 'State or region (optional)' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Country' }).selectOption('US');
  const state = page.getByRole('combobox', { name: 'State or province' });
  await expect(state).toBeVisible();
  await expect(page.getByText('For example 94105')).toBeVisible();
  const name = `Seattle office ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Location name' }).fill(name);
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('500 Pine Street');
  await page.getByRole('textbox', { name: 'City' }).fill('Seattle');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('98101');
  await page.getByRole('textbox', { name: 'Contact name' }).fill('Lee Chen');
  await page.getByRole('textbox', { name: 'Contact work email' }).fill('lee@contoso.example');
  await page.getByRole('textbox', { name: 'Contact phone' }).fill('+1 206 555 0100');
  await page.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await state.selectOption({ label: 'Washington' });
  await page.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Contact phone' })).toHaveValue('+12065550100');

  await open(page, `${home}/settings/partner/locations`);
  await page.getByRole('searchbox', { name: 'Search by name, city or Location ID' }).fill('seattle');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Lyon office' })).toHaveCount(0);
});

test('locations: a Sales agent reads them and changes nothing, even by calling the server', async ({ page }) => {
  await signIn(page, 'sam@contoso.example');
  const home = new URL(page.url()).pathname;
  await open(page, `${home}/settings/partner/locations`);
  await expect(page.getByText('Only Global admins and Account admins can change locations.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add location' })).toBeHidden();
  await page.getByRole('link', { name: 'Paris headquarters' }).click();
  await expect(page.getByRole('textbox', { name: 'Location name' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Remove location' })).toHaveCount(0);
  const pid = home.split('/').pop() ?? '';
  const call = await page.request.post('/api/add_location', {
    form: {
      partner_id: pid,
      'location[name]': 'Sam office',
      'location[address_line1]': '1 rue de Rivoli',
      'location[city]': 'Paris',
      'location[postal_code]': '75001',
      'location[country]': 'FR',
      'location[contact_name]': 'Sam',
      'location[contact_email]': 'sam@contoso.example',
      'location[contact_phone]': '+33123456789',
    },
  });
  expect(call.status()).toBe(403);
  const page404 = await open(page, `${home}/settings/partner/locations/LOC-NOSUCHID`);
  expect(page404?.status()).toBe(404);
});
