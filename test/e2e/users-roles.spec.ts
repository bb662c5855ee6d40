import type { Locator, Page } from '@playwright/test';
import type { Role } from '../../shared/domain/role';
import type { User } from '../../shared/domain/user';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { addEnvironment, chooseEnvironment, openArea, signIn } from './e2e-helpers';
import { expect, test as base } from './fixtures';

// A platform of its own (built-in and seeded custom roles, the four fixed accounts), so that what
// other spec files did to theirs changes nothing here.
const test = base.extend<object, { usersPlatform: RunningPlatform }>({
  usersPlatform: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const platform = await startPlatform({ users: 10 });
      await use(platform);
      await platform.stop();
    },
    { scope: 'worker' },
  ],
});

/** The server itself, read and written past the console (test set-up and the final word). */
class Server {
  private token: string | null = null;
  constructor(private readonly platform: RunningPlatform) {}

  private async bearer(): Promise<string> {
    if (this.token !== null) return this.token;
    const answer = await fetch(`${this.platform.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: this.platform.password }),
    });
    expect(answer.status).toBe(200);
    this.token = ((await answer.json()) as { access_token: string }).access_token;
    return this.token;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await fetch(`${this.platform.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.bearer()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(answer.ok, `${method} ${path}`).toBe(true);
    return (await answer.json()) as T;
  }
}

/** Signs in to a new environment on the platform and makes it the active one. */
async function useEnvironment(page: Page, name: string, platform: RunningPlatform, username: string) {
  await addEnvironment(page, name, platform.url);
  await signIn(page, name, username, platform.password);
  await chooseEnvironment(page, name);
}

/**
 * Brings the audit copy up to date with Sync now, and waits until it holds every event the
 * server had when asked (main also syncs after each write; this says when it is done).
 */
async function syncAudit(page: Page, server: Server): Promise<void> {
  const log = await server.call<{ items: { id: number }[] }>(
    'GET',
    '/api/v1/audit-logs?after_id=0&limit=5000',
  );
  const newest = Math.max(...log.items.map((event) => event.id));
  await openArea(page, 'Audit');
  // Waits while a sync already runs (the button is off meanwhile), then asks for one more.
  await page
    .getByRole('region', { name: 'Audit copy' })
    .getByRole('button', { name: 'Sync now' })
    .click({ timeout: 30_000 });
  await expect
    .poll(async () => Number(await page.getByTestId('audit-events-held').getAttribute('data-value')), {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(newest);
}

async function searchUsers(page: Page, text: string, total: number): Promise<void> {
  await page.getByLabel('Search users').fill(text);
  await expect(page.getByTestId('users-total')).toHaveAttribute('data-value', String(total));
}

async function openUser(page: Page, username: string): Promise<Locator> {
  await page
    .getByRole('grid', { name: 'Users' })
    .getByRole('row')
    .filter({ hasText: username })
    .first()
    .click();
  const panel = page.getByRole('region', { name: `User ${username}` });
  await expect(panel).toBeVisible();
  return panel;
}

test('create a user, find it, change its role, and see both changes in its activity', async ({
  app,
  usersPlatform,
}) => {
  test.setTimeout(120_000);
  const server = new Server(usersPlatform);
  const username = 'e2e-newcomer';
  await useEnvironment(app, 'Users lab', usersPlatform, 'admin');

  await test.step('create it, with a generated password', async () => {
    await openArea(app, 'Users');
    await app.getByRole('button', { name: 'New user' }).click();
    const dialog = app.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill(username);
    await dialog.getByLabel('Email').fill(`${username}@example.org`);
    await dialog.getByLabel('Full name').fill('Newcomer Example');
    await dialog.getByLabel('Role').selectOption('user');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();
    const created = await server.call<{ items: User[] }>('GET', `/api/v1/users?q=${username}`);
    expect(created.items.map((u) => [u.username, u.role, u.is_active])).toEqual([[username, 'user', true]]);
  });

  await test.step('find it by search, and give it another role', async () => {
    await searchUsers(app, 'newcomer', 1);
    const panel = await openUser(app, username);
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: `Edit ${username}` });
    await dialog.getByLabel('Role').selectOption('guest');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel).toContainText('Permissions of the guest role');
    await expect
      .poll(
        async () =>
          (await server.call<{ items: User[] }>('GET', `/api/v1/users?q=${username}`)).items[0]?.role,
      )
      .toBe('guest');
  });

  await test.step('its activity shows user_created and user_updated once the copy has them', async () => {
    await syncAudit(app, server);
    await openArea(app, 'Users');
    await searchUsers(app, 'newcomer', 1);
    const panel = await openUser(app, username);
    const onUser = panel.getByTestId('user-actions-on');
    await expect(onUser).toContainText('user_created');
    await expect(onUser).toContainText('user_updated');
  });
});

test('deactivate three users at once, through the preview', async ({ app, usersPlatform }) => {
  test.setTimeout(90_000);
  const server = new Server(usersPlatform);
  const names = ['bulk-e2e-1', 'bulk-e2e-2', 'bulk-e2e-3'];
  for (const name of names) {
    await server.call('POST', '/api/v1/users', {
      username: name,
      email: `${name}@example.org`,
      full_name: `Bulk ${name.slice(-1)}`,
      password: usersPlatform.password,
      role: 'user',
      is_active: true,
    });
  }
  await useEnvironment(app, 'Bulk lab', usersPlatform, 'admin');
  await openArea(app, 'Users');
  await searchUsers(app, 'bulk-e2e', 3);

  await app.getByLabel('Select all visible users').check();
  await app.getByRole('button', { name: 'Deactivate selected' }).click();
  const review = app.getByRole('dialog', { name: 'Review changes' });
  for (const name of names)
    await expect(review.getByRole('table', { name: 'What will change' })).toContainText(name);
  await review.getByRole('button', { name: 'Apply to 3 users' }).click();
  await expect(review.getByRole('status')).toHaveText('3 changed, 0 failed.');
  await review.getByRole('button', { name: 'Done' }).click();
  await expect(review).toBeHidden();

  const after = await server.call<{ items: User[] }>('GET', '/api/v1/users?q=bulk-e2e');
  expect(after.items.map((u) => [u.username, u.is_active])).toEqual(names.map((name) => [name, false]));
});

test('edit a role: the review shows the diff and who it affects; the history shows the change', async ({
  app,
  usersPlatform,
}) => {
  test.setTimeout(90_000);
  const server = new Server(usersPlatform);
  await useEnvironment(app, 'Roles lab', usersPlatform, 'admin');
  await openArea(app, 'Roles');
  const matrix = app.getByRole('table', { name: 'Permissions by role' });
  await expect(matrix).toBeVisible();
  await expect(matrix.getByText('support has edit_profile', { exact: true })).toHaveCount(1);
  await expect(matrix.getByText('support does not have delete', { exact: true })).toHaveCount(1);
  const users =
    (await app.getByRole('listitem', { name: 'support' }).getByTestId('role-user-count').textContent()) ?? '';

  await app.getByRole('button', { name: 'Edit support' }).click();
  const dialog = app.getByRole('dialog', { name: 'Edit role support' });
  await dialog.getByRole('checkbox', { name: 'delete', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'edit_profile', exact: true }).uncheck();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByTestId('role-diff-added')).toHaveText('+ delete');
  await expect(dialog.getByTestId('role-diff-removed')).toHaveText('− edit_profile');
  await expect(dialog.getByTestId('role-affected-users')).toHaveText(`Affects ${users}`);
  await dialog.getByRole('button', { name: 'Save role' }).click();
  await expect(dialog).toBeHidden();
  await expect(matrix.getByText('support has delete', { exact: true })).toHaveCount(1);

  const roles = await server.call<{ items: Role[] }>('GET', '/api/v1/roles');
  expect(roles.items.find((role) => role.name === 'support')?.permissions).toEqual([
    'read',
    'write',
    'delete',
  ]);

  await syncAudit(app, server);
  await openArea(app, 'Roles');
  await app.getByRole('button', { name: 'History of support' }).click();
  const history = app.getByRole('dialog', { name: 'History of support' }).getByTestId('role-history');
  const newest = history.getByRole('listitem').first();
  await expect(newest).toContainText('Changed by admin');
  await expect(newest).toContainText('Addeddelete');
  await expect(newest).toContainText('Removededit_profile');
});

test('a guest sees users and roles with no write action', async ({ app, usersPlatform }) => {
  await useEnvironment(app, 'Guest view', usersPlatform, 'guest');

  await openArea(app, 'Users');
  await expect(app.getByTestId('users-not-allowed')).toContainText(
    'Your role (guest) lacks the manage_users',
  );
  await expect(app.getByRole('button', { name: 'New user' })).toHaveCount(0);

  await openArea(app, 'Roles');
  await expect(app.getByRole('table', { name: 'Permissions by role' })).toBeVisible();
  const writes = [
    app.getByRole('button', { name: 'New role' }),
    ...(await app.getByRole('button', { name: /^(Edit|Delete) / }).all()),
  ];
  expect(writes.length).toBeGreaterThan(8);
  for (const button of writes) {
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription(
      /^Your role \(guest\) lacks the manage_roles permission\.$/,
    );
  }
  // Still reachable by keyboard, so its reason is read out; pressing it opens nothing.
  await app.getByRole('button', { name: 'Edit user' }).focus();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('tooltip')).toContainText('lacks the manage_roles permission');
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'History of user' })).not.toHaveAttribute('aria-disabled');
});
