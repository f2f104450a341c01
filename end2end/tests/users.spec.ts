import { type Browser, type Page } from '@playwright/test';
import { test, expect, activateMpn, addUser, firstSignIn, newPerson, open, openNavigation, openUserManagement, signIn as signInAs, signUp, uniqueEmail } from './helpers';

function partnerId(page: Page) {
  return page.url().match(/\/a\/(\d+)/)?.[1] ?? '';
}

test('an added Sales agent signs in with the temporary password, must change it, and has no user management', async ({ page, browser }) => {
  await signUp(page);
  const email = uniqueEmail('sales');
  const temporary = await addUser(page, email, 'Sales agent');
  const pid = partnerId(page);

  const bo = await newPerson(browser, page);
  // Until the password is changed, account pages send back to the change.
  await open(bo, '/signin');
  await bo.getByRole('textbox', { name: 'Work email' }).fill(email);
  await bo.getByRole('textbox', { name: 'Password' }).fill(temporary);
  await bo.getByRole('button', { name: 'Sign in' }).click();
  await expect(bo).toHaveURL(/\/password$/);
  await open(bo, `/a/${pid}`);
  await expect(bo.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  const wrong = bo.getByRole('textbox', { name: 'Current password' });
  await wrong.fill('not the temporary one');
  await bo.getByRole('textbox', { name: 'New password' }).fill('my own long password');
  await bo.getByRole('button', { name: 'Change password' }).click();
  await expect(bo.getByText('The current password is incorrect.')).toBeVisible();
  await wrong.fill(temporary);
  await bo.getByRole('button', { name: 'Change password' }).click();
  await expect(bo).toHaveURL(new RegExp(`/a/${pid}$`));

  const nav = await openNavigation(bo);
  await expect(nav.getByRole('link', { name: 'Roles and permissions' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'User management' })).toHaveCount(0);
  await open(bo, `/a/${pid}/users`);
  await expect(bo.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible();
  // The server refuses the call itself, whatever the page shows.
  const call = await bo.request.post('/api/members', { form: { partner_id: pid, query: '', after: '', before: '' } });
  expect(call.status()).toBe(403);
  await bo.context().close();
});

test('a Default user sees only their own profile: no programs, no settings pages', async ({ page, browser }) => {
  await signUp(page);
  const home = new URL(page.url()).pathname;
  await activateMpn(page, home);
  await open(page, home);
  const email = uniqueEmail('default');
  const temporary = await addUser(page, email, 'Default user');
  const pid = partnerId(page);

  const dee = await newPerson(browser, page);
  await firstSignIn(dee, email, temporary);
  await expect(dee.getByText('Your roles in this account give you access to your own profile only.')).toBeVisible();
  const nav = await openNavigation(dee);
  await expect(nav.getByRole('link', { name: 'All programs' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Roles and permissions' })).toBeVisible();
  for (const rest of ['settings/partner/profile', 'settings/partner/billing', 'settings/partner/locations', 'programs']) {
    const response = await open(dee, `/a/${pid}/${rest}`);
    expect(response?.status(), rest).toBe(403);
    await expect(dee.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible();
  }
  const call = await dee.request.post('/api/legal_profile', { form: { partner_id: pid } });
  expect(call.status()).toBe(403);
  await open(dee, `/a/${pid}/profile`);
  await expect(dee.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await dee.context().close();
});

test('invite two people: a new person and a user of another account both join', async ({ page, browser }) => {
  const other = await newPerson(browser, page);
  const existing = await signUp(other, { company: `Elsewhere ${Date.now()}` });
  const { company } = await signUp(page);
  const fresh = uniqueEmail('invited');

  await openUserManagement(page);
  await page.getByRole('link', { name: 'Invite users' }).click();
  await page.getByRole('textbox', { name: 'Work emails' }).fill(`${fresh}; not-an-email`);
  await page.getByRole('checkbox', { name: 'Sales agent', exact: true }).check();
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByText('not-an-email: Enter an email address')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Work emails' })).toHaveValue(`${fresh}; not-an-email`);
  await page.getByRole('textbox', { name: 'Work emails' }).fill(`${fresh}, ${existing.email}`);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  const sent = page.getByRole('status').filter({ hasText: 'Invitations sent' });
  const freshLink = await sent.getByRole('textbox', { name: `Invitation link: ${fresh}` }).inputValue();
  const existingLink = await sent.getByRole('textbox', { name: `Invitation link: ${existing.email}` }).inputValue();

  await page.getByRole('link', { name: 'Back to user management' }).click();
  const pending = page.getByRole('region', { name: 'Pending invitations' });
  await expect(pending.getByRole('listitem')).toHaveCount(2);
  await expect(pending.getByRole('listitem').first()).toContainText('Invitation pending');

  // A new person sets a name and a password.
  const newcomer = await newPerson(browser, page);
  await open(newcomer, new URL(freshLink).pathname);
  await expect(newcomer.getByRole('heading', { level: 1, name: `Invitation to ${company}` })).toBeVisible();
  await newcomer.getByRole('textbox', { name: 'Your name' }).fill('Newcomer');
  await newcomer.getByRole('textbox', { name: 'Password' }).fill('short');
  await newcomer.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(newcomer.getByText('Use at least 12 characters.')).toBeVisible();
  await newcomer.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await newcomer.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(newcomer.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
  await newcomer.context().close();

  // The existing user, signed in to their own account, joins: now they have two.
  await open(other, new URL(existingLink).pathname);
  await other.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(other.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
  const nav = await openNavigation(other);
  await expect(nav.getByRole('button', { name: 'Switch account' })).toContainText(company);
  await other.context().close();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Pending invitations' }).getByText('No pending invitations.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search by name or email' }).fill('newcomer');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Members found: 1')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Newcomer' })).toBeVisible();
});

test('a revoked invitation link no longer works', async ({ page, browser }) => {
  await signUp(page);
  const email = uniqueEmail('revoked');
  await openUserManagement(page);
  await page.getByRole('link', { name: 'Invite users' }).click();
  await page.getByRole('textbox', { name: 'Work emails' }).fill(email);
  await page.getByRole('checkbox', { name: 'Developer', exact: true }).check();
  await page.getByRole('button', { name: 'Send invitations' }).click();
  const link = await page.getByRole('textbox', { name: `Invitation link: ${email}` }).inputValue();
  await page.getByRole('link', { name: 'Back to user management' }).click();
  await page.getByRole('button', { name: `Revoke ${email}` }).click();
  await expect(page.getByText('Invitation revoked.')).toBeVisible();
  await expect(page.getByText('No pending invitations.')).toBeVisible();

  const invitee = await newPerson(browser, page);
  await open(invitee, new URL(link).pathname);
  await expect(invitee.getByRole('alert')).toHaveText('This invitation was revoked. Ask for a new one.');
  await expect(invitee.getByRole('button', { name: 'Accept invitation' })).toHaveCount(0);
  await invitee.context().close();
});

test('resetting a password ends the user’s session and shows a new temporary password', async ({ page, browser }) => {
  await signUp(page);
  const email = uniqueEmail('reset');
  const temporary = await addUser(page, email, 'Developer');
  const bo = await newPerson(browser, page);
  await firstSignIn(bo, email, temporary);

  await page.getByRole('link', { name: 'Back to user management' }).click();
  await page.getByRole('link', { name: 'Bo Person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bo Person' })).toBeVisible();
  const reset = page.getByRole('region', { name: 'Reset password' });
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await reset.getByRole('button', { name: 'Yes, reset the password' }).click();
  const notice = reset.getByRole('status').filter({ hasText: 'Temporary password' });
  const second = (await notice.getByLabel('Temporary password').textContent()) ?? '';
  expect(second).toHaveLength(16);
  expect(second).not.toBe(temporary);

  await bo.reload();
  await expect(bo).toHaveURL(/\/signin$/);
  await firstSignIn(bo, email, second);
  await bo.context().close();
});

test('the last Global admin can’t give up the role, and roles of others can be changed', async ({ page }) => {
  await signUp(page);
  await addUser(page, uniqueEmail('helper'), 'Sales agent');
  await page.getByRole('link', { name: 'Back to user management' }).click();
  await page.getByRole('link', { name: /\(you\)/ }).click();
  await page.getByRole('checkbox', { name: 'Global admin', exact: true }).uncheck();
  await page.getByRole('button', { name: 'Save roles' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Global admin' })).toHaveText(
    'The account must keep at least one Global admin. Give the role to someone else first.',
  );
  await expect(page.getByRole('region', { name: 'Remove from account' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Back to user management' }).click();
  await page.getByRole('link', { name: 'Bo Person' }).click();
  await page.getByRole('checkbox', { name: 'Helpdesk agent', exact: true }).check();
  await page.getByRole('button', { name: 'Save roles' }).click();
  await expect(page.getByText('Roles saved.')).toBeVisible();
  const remove = page.getByRole('region', { name: 'Remove from account' });
  await remove.getByRole('button', { name: 'Remove from account' }).click();
  await remove.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'User management' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bo Person' })).toHaveCount(0);
});

test('my profile: name, a save refused after another session saved, and signing out another session', async ({ page, browser }) => {
  const { email } = await signUp(page);
  const elsewhere = await newPerson(browser, page);
  await open(elsewhere, '/signin');
  await elsewhere.getByRole('textbox', { name: 'Work email' }).fill(email);
  await elsewhere.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
  await elsewhere.getByRole('button', { name: 'Sign in' }).click();
  await expect(elsewhere).toHaveURL(/\/a\/\d+$/);
  // The same person's other session opens My profile before this one saves.
  await open(elsewhere, `${new URL(elsewhere.url()).pathname}/profile`);
  await expect(elsewhere.getByRole('textbox', { name: 'Your name' })).toHaveValue('Test User');

  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'My profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  const name = page.getByRole('textbox', { name: 'Your name' });
  await expect(name).toHaveValue('Test User');
  await name.fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await name.fill('Renamed User');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  // The other session's save is refused, showing what was saved meanwhile
  // and keeping what it typed.
  await elsewhere.getByRole('textbox', { name: 'Your name' }).fill('Other Name');
  await elsewhere.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(elsewhere.getByRole('alert').filter({ hasText: 'Someone else saved this page after you opened it' })).toBeVisible();
  await expect(elsewhere.getByRole('region', { name: 'Saved meanwhile by someone else' })).toContainText('Renamed User');
  await expect(elsewhere.getByRole('textbox', { name: 'Your name' })).toHaveValue('Other Name');

  const sessions = page.getByRole('region', { name: 'Sessions' });
  await expect(sessions.getByRole('listitem')).toHaveCount(2);
  await expect(sessions.getByText('This session')).toBeVisible();
  await sessions.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(sessions.getByRole('listitem')).toHaveCount(1);

  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/signin$/);
  await elsewhere.context().close();
});

test('someone removed from their only account is offered to create one', async ({ page, browser }) => {
  await signUp(page);
  const email = uniqueEmail('removed');
  const temporary = await addUser(page, email, 'Helpdesk agent');
  await page.getByRole('link', { name: 'Back to user management' }).click();
  await page.getByRole('link', { name: 'Bo Person' }).click();
  const remove = page.getByRole('region', { name: 'Remove from account' });
  await remove.getByRole('button', { name: 'Remove from account' }).click();
  await remove.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'User management' })).toBeVisible();

  const bo = await newPerson(browser, page);
  await open(bo, '/signin');
  await bo.getByRole('textbox', { name: 'Work email' }).fill(email);
  await bo.getByRole('textbox', { name: 'Password' }).fill(temporary);
  await bo.getByRole('button', { name: 'Sign in' }).click();
  await bo.getByRole('textbox', { name: 'Current password' }).fill(temporary);
  await bo.getByRole('textbox', { name: 'New password' }).fill('my own long password');
  await bo.getByRole('button', { name: 'Change password' }).click();
  await expect(bo).toHaveURL(/\/new-account$/);
  await expect(bo.getByRole('heading', { level: 1, name: 'Create another account' })).toBeVisible();
  await bo.getByRole('textbox', { name: 'Company legal name' }).fill('Bo Consulting');
  await bo.getByRole('combobox', { name: 'Country' }).selectOption('FR');
  await bo.getByRole('radio', { name: 'Individual' }).check();
  await bo.getByRole('button', { name: 'Create account' }).click();
  await expect(bo.getByRole('heading', { level: 1, name: 'Bo Consulting' })).toBeVisible();
  await bo.context().close();
});

test('an Owner edits a member who also holds partner roles: those show as fixed and are kept', async ({ page, browser }) => {
  const { email: creator } = await signUp(page);
  const email = uniqueEmail('owner');
  const temporary = await addUser(page, email, 'Owner');
  const pid = partnerId(page);
  const owner = await newPerson(browser, page);
  await firstSignIn(owner, email, temporary);

  const nav = await openNavigation(owner);
  await nav.getByRole('link', { name: 'User management' }).click();
  await owner.getByRole('link', { name: 'Test User' }).click();
  await expect(owner.getByRole('heading', { level: 1, name: 'Test User' })).toBeVisible();
  await expect(owner.getByText(creator)).toBeVisible();
  // Global admin is the creator's, outside an Owner's reach: shown, not editable.
  const admin = owner.getByRole('checkbox', { name: 'Global admin', exact: true });
  await expect(admin).toBeChecked();
  await expect(admin).toBeDisabled();
  await owner.getByRole('checkbox', { name: 'Developer', exact: true }).check();
  await owner.getByRole('button', { name: 'Save roles' }).click();
  await expect(owner.getByText('Roles saved.')).toBeVisible();
  await open(owner, `/a/${pid}/users`);
  const row = owner.getByRole('list', { name: 'Members' }).getByRole('listitem').filter({ hasText: 'Test User' });
  await expect(row).toContainText('Global admin');
  await expect(row).toContainText('Developer');
  await owner.context().close();
});

test('a Sales agent opening Add user or Invite users directly is refused', async ({ page }) => {
  await signInAs(page, 'sam@contoso.example');
  const pid = partnerId(page);
  for (const path of ['users/add', 'users/invite']) {
    const response = await open(page, `/a/${pid}/${path}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Add user|Send invitations/ })).toHaveCount(0);
  }
});

test('the member list pages forward and back', async ({ page }) => {
  await signUp(page);
  const pid = partnerId(page);
  // 25 members more than the owner: two pages. Added through the server
  // function the Add user form calls (the form itself is tested above).
  for (let i = 0; i < 25; i++) {
    const call = await page.request.post('/api/add_user', {
      form: {
        partner_id: pid,
        'user[display_name]': `Pager ${String(i).padStart(2, '0')}`,
        'user[email]': uniqueEmail(`pager${i}`),
        'user[roles][]': 'sales_agent',
      },
    });
    expect(call.status()).toBe(200);
  }
  await openUserManagement(page);
  const members = page.getByRole('list', { name: 'Members' }).getByRole('listitem');
  await expect(page.getByText('Members found: 26')).toBeVisible();
  await expect(members).toHaveCount(25);
  const first = await members.first().textContent();
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages.getByRole('link', { name: 'Previous page' })).toHaveCount(0);
  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(members).toHaveCount(1);
  await expect(pages.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await pages.getByRole('link', { name: 'Previous page' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(members).toHaveCount(25);
  await expect(members.first()).toHaveText(first ?? '');
});
