import { expect, type Locator, type Page } from '@playwright/test';

/** Clicks an area in the sidebar by its name ("Audit", "Settings"). */
export async function openArea(page: Page, area: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: area, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: area })).toBeVisible();
}

/** Adds an environment through the Environments screen, after its connection test passes (marked production when asked). */
export async function addEnvironment(
  page: Page,
  name: string,
  apiUrl: string,
  production = false,
): Promise<void> {
  await openArea(page, 'Environments');
  await page.getByRole('button', { name: 'Add environment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add environment' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('API base URL').fill(apiUrl);
  if (production) await dialog.getByLabel('This is a production environment').check();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('connection-check-api')).toContainText(/OPP .*healthy/);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

/** An environment's row on the Environments screen (named by its environment; toasts are list items too). */
export function environmentRow(page: Page, name: string): Locator {
  return page.getByRole('listitem', { name, exact: true });
}

/** Signs in from the environment's row and waits until the row says so. */
export async function signIn(
  page: Page,
  environment: string,
  username: string,
  password: string,
): Promise<void> {
  await environmentRow(page, environment)
    .getByRole('button', { name: /^Sign in/ })
    .click();
  const dialog = page.getByRole('dialog', { name: `Sign in to ${environment}` });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expect(environmentRow(page, environment)).toContainText(`Signed in as ${username}`);
}

/** Makes the environment the active one with the header's switcher. */
export async function chooseEnvironment(page: Page, name: string): Promise<void> {
  await page.getByLabel('Active environment').click();
  await page.getByRole('option', { name: new RegExp(name) }).click();
  await expect(page.getByLabel('Active environment')).toContainText(name);
}
