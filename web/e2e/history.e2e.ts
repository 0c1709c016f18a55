import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerBaseline, waitForListeners } from '../../test/support/live.ts';
import { gql, startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser, requireBuiltDashboard } from './browser.ts';
import { contextSignedInAs, signUpThroughApi, unique, watchedPage, type SignedUp } from './sessions.ts';

const RESULTS_DIR = join(process.cwd(), 'test-results');

describe('history and live updates in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltDashboard();
    stack = await startStack({ label: 'web-history', apis: 1, worker: false });
    const api = stack.apis[0];
    if (!api) throw new Error('the stack started no API process');
    baseUrl = api.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  function signUp(name: string): Promise<SignedUp> {
    return signUpThroughApi(baseUrl, name, 'history');
  }

  /** A browser of its own for `who`, signed in. */
  async function pageFor(who: SignedUp): Promise<Page> {
    const context = await contextSignedInAs(browser, who);
    contexts.push(context);
    return watchedPage(context, pageErrors, who.user.name);
  }

  async function live(page: Page): Promise<void> {
    await page.waitForSelector('[data-testid="live-connection"][data-state="connected"]');
  }

  /** A marker a reload would wipe. */
  async function mark(page: Page): Promise<void> {
    await page.evaluate(() => {
      document.documentElement.dataset.e2eMarker = 'still-here';
    });
  }

  async function marked(page: Page): Promise<string | undefined> {
    return page.evaluate(() => document.documentElement.dataset.e2eMarker);
  }

  // The value, not the line under it that says who set it.
  const detail = (page: Page, field: string) => page.locator(`[data-testid="item-details"] [data-field="${field}"] dd:first-of-type`);

  it('shows another user’s edit live to a reader, with a toast for a grant, nothing to others, then the history and the item as it was', async () => {
    const alice = await signUp('Alice Admin');
    const bob = await signUp('Bob Reader');
    const carol = await signUp('Carol Outsider');
    const hostname = unique('web');

    // Alice creates a server with 2 cores and lets Bob read it.
    const aliceAuth = { authorization: `Bearer ${alice.accessToken}` };
    const created = await gql<{ createServer: { server: { id: string } } }>(
      baseUrl,
      'mutation($input: CreateServerInput!) { createServer(input: $input) { server { id } } }',
      { input: { hostname, cpu: 2, ipv4Private: '10.30.0.5', tags: ['e2e'] } },
      aliceAuth,
    );
    const serverId = created.data?.createServer.server.id;
    if (!serverId) throw new Error(`createServer failed: ${JSON.stringify(created.errors)}`);
    const granted = await gql(
      baseUrl,
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { entity { id } } }',
      { input: { entityId: serverId, userEmail: bob.user.email, role: 'READ' } },
      aliceAuth,
    );
    expect(granted.errors).toBeUndefined();
    const serverPath = `/servers/${encodeURIComponent(serverId)}`;

    // Bob opens the server's page; Carol, who has no role on it, the list of servers.
    const base = await listenerBaseline(baseUrl, ['entityChanged', 'notification']);
    const bobPage = await pageFor(bob);
    await bobPage.goto(`${baseUrl}${serverPath}`);
    await expect(bobPage.locator('[data-testid="server-title"]').textContent()).resolves.toBe(hostname);
    await expect(detail(bobPage, 'cpu').textContent()).resolves.toBe('2 cores');
    expect(await bobPage.locator('[data-testid="edit-server"]').count()).toBe(0);
    const carolPage = await pageFor(carol);
    await carolPage.goto(`${baseUrl}/servers`);
    await carolPage.waitForSelector('[data-testid="servers-empty"]');
    await live(bobPage);
    await live(carolPage);
    // Each page watches its items and the user's notifications: both are registered on the API before anyone acts.
    await waitForListeners(baseUrl, { entityChanged: base.entityChanged! + 2, notification: base.notification! + 2 });
    await mark(bobPage);
    await mark(carolPage);

    // Alice edits the server in her browser: 2 → 8 cores.
    const alicePage = await pageFor(alice);
    await alicePage.goto(`${baseUrl}${serverPath}`);
    await alicePage.click('[data-testid="edit-server"]');
    const form = alicePage.locator('[data-testid="server-form"]');
    await form.locator('input[name="cpu"]').fill('8');
    await form.locator('[data-testid="server-submit"]').click();
    await alicePage.waitForSelector('[data-testid="server-form"]', { state: 'detached' });
    await alicePage.locator('[data-testid="item-details"] [data-field="cpu"] dd', { hasText: '8 cores' }).waitFor();

    // Bob sees it without reloading, with a note of who changed it.
    await bobPage.locator('[data-testid="item-details"] [data-field="cpu"] dd', { hasText: '8 cores' }).waitFor();
    expect(await marked(bobPage)).toBe('still-here');
    await expect(bobPage.locator('[data-testid="live-note"]').textContent()).resolves.toMatch(/Updated .* by Alice Admin/);

    // Alice lets Bob change it too, from the access panel: Bob gets a toast, and his page now offers Edit.
    const panel = alicePage.locator('[data-testid="access-panel"]');
    await panel.locator('[data-testid="grantee-user"]').check();
    await panel.locator('[data-testid="grant-email"]').fill(bob.user.email ?? '');
    await panel.locator('[data-testid="grant-role"]').selectOption('WRITE');
    await panel.locator('[data-testid="grant-submit"]').click();
    await panel.locator('[data-testid="access-row"][data-principal="User"][data-role="WRITE"]').waitFor();
    const toast = bobPage.locator('[data-testid="toast"][data-kind="ACCESS_GRANTED"]');
    await toast.waitFor();
    await expect(toast.locator('[data-testid="toast-message"]').textContent()).resolves.toContain(`You can now change Server ${hostname} (WRITE)`);
    expect(await toast.locator('[data-testid="toast-link"]').getAttribute('href')).toBe(serverPath);
    expect(await bobPage.locator('[data-testid="toasts"]').getAttribute('aria-live')).toBe('polite');
    await bobPage.locator('[data-testid="edit-server"]').waitFor();
    expect(await marked(bobPage)).toBe('still-here');
    await toast.locator('[data-testid="toast-dismiss"]').click();
    await toast.waitFor({ state: 'detached' });

    // Carol saw nothing: no toast, no note, no reload, and in her list only the server she creates now,
    // whose arrival shows that the events before it were not sent to her.
    const carolMarker = unique('carol');
    const own = await gql(
      baseUrl,
      'mutation($input: CreateServerInput!) { createServer(input: $input) { server { id } } }',
      { input: { hostname: carolMarker } },
      { authorization: `Bearer ${carol.accessToken}` },
    );
    expect(own.errors).toBeUndefined();
    await carolPage.locator('[data-testid="server-row"]', { hasText: carolMarker }).waitFor();
    expect(await carolPage.locator('[data-testid="server-row"]').count()).toBe(1);
    expect(await carolPage.locator('[data-testid="toast"]').count()).toBe(0);
    expect(await carolPage.locator('[data-testid="live-note"]').getAttribute('data-shown')).toBe('false');
    expect(await carolPage.locator('body').textContent()).not.toContain(hostname);
    expect(await marked(carolPage)).toBe('still-here');

    // Bob's History tab: the update, field by field, and the grants (the creation happened before he could read it).
    await bobPage.click('[data-testid="tab-history"]');
    await bobPage.waitForURL((url) => url.pathname === `${serverPath}/history`);
    const update = bobPage.locator('[data-testid="change"][data-operation="UPDATE"]');
    await update.waitFor();
    const cpu = update.locator('[data-testid="diff-row"][data-path="cpu"]');
    await expect(cpu.locator('dt').textContent()).resolves.toBe('CPU');
    await expect(cpu.locator('[data-testid="diff-before"]').textContent()).resolves.toBe('from 2 cores');
    await expect(cpu.locator('[data-testid="diff-after"]').textContent()).resolves.toBe('8 cores');
    await expect(update.locator('.change__actor').textContent()).resolves.toBe('Alice Admin');
    const grants = bobPage.locator('[data-testid="change"][data-operation="GRANT"]');
    expect(await grants.count()).toBe(2);
    await expect(grants.first().locator('[data-path="access"] dd').textContent()).resolves.toMatch(/^you: Read.*Write$/);
    await expect(grants.last().locator('[data-path="access"] dd').textContent()).resolves.toBe('Granted Read to you');
    await expect(bobPage.locator('[data-testid="history-total"]').textContent()).resolves.toBe('3 changes');

    // As it was when Bob was let in, before the edit: 2 cores, clearly a past view; then back to now.
    await grants.last().locator('[data-testid="show-as-it-was"]').click();
    const past = bobPage.locator('[data-testid="as-it-was"]');
    await past.waitFor();
    expect(await past.getAttribute('data-revision')).toBe('2');
    await expect(past.locator('[data-field="cpu"] dd').textContent()).resolves.toBe('2 cores');
    await expect(past.locator('.past-banner').textContent()).resolves.toContain('Past view');
    expect(new URL(bobPage.url()).searchParams.get('at')).not.toBeNull();

    // A time typed in the date-time field, a second before the edit, shows the same.
    const editedAt = await update.locator('time').getAttribute('datetime');
    if (!editedAt) throw new Error('the update has no time');
    await bobPage.click('[data-testid="back-to-now"]');
    await past.waitFor({ state: 'detached' });
    const before = new Date(Date.parse(editedAt) - 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${before.getFullYear()}-${pad(before.getMonth() + 1)}-${pad(before.getDate())}T${pad(before.getHours())}:${pad(before.getMinutes())}:${pad(before.getSeconds())}`;
    await bobPage.locator('[data-testid="as-it-was-time"]').fill(local);
    await past.waitFor();
    await expect(past.locator('[data-field="cpu"] dd').textContent()).resolves.toBe('2 cores');
    mkdirSync(RESULTS_DIR, { recursive: true });
    await bobPage.screenshot({ path: join(RESULTS_DIR, 'history.png'), fullPage: true });
    await bobPage.click('[data-testid="back-to-now"]');
    await past.waitFor({ state: 'detached' });
    expect(await marked(bobPage)).toBe('still-here');

    // The Activity page: Alice's update of the server, linked to it; "only mine" leaves it out for Bob.
    await bobPage.click('nav[aria-label="Main"] >> text="Activity"');
    await bobPage.waitForURL((url) => url.pathname === '/activity');
    const row = bobPage.locator('[data-testid="change"][data-operation="UPDATE"]');
    await row.waitFor();
    expect(await row.locator('.change__subject a').getAttribute('href')).toBe(serverPath);
    // The box follows the address, which the click changes: wait for the address, then the box.
    await bobPage.click('[data-testid="filter-mine"]');
    await bobPage.waitForURL(/mine=1/);
    await expect.poll(() => bobPage.isChecked('[data-testid="filter-mine"]')).toBe(true);
    await bobPage.waitForSelector('[data-testid="changes-empty"]');

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
