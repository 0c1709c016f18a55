import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser } from './browser.ts';

const RESULTS_DIR = join(process.cwd(), 'test-results');
const PASSWORD = 'correct horse battery staple';
const IMPORT_LIMIT = 4096;

function unique(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

async function signUp(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="email"]', `${unique('inventory')}@example.com`);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('[data-testid="signup-submit"]');
  await page.waitForURL(/\/datacenters$/);
}

async function openList(page: Page, label: string, route: string): Promise<void> {
  await page.click(`nav[aria-label="Main"] >> text="${label}"`);
  await page.waitForURL((url) => url.pathname === `/${route}`);
}

async function createServer(page: Page, hostname: string, ip: string): Promise<void> {
  await openList(page, 'Servers', 'servers');
  await page.click('[data-testid="new-server"]');
  const form = page.locator('[data-testid="server-form"]');
  await form.locator('input[name="hostname"]').fill(hostname);
  await form.locator('input[name="ipv4Private"]').fill(ip);
  await form.locator('select[name="environment"]').selectOption('PRODUCTION');
  await form.locator('select[name="os.base"]').selectOption('LINUX');
  await form.locator('input[name="tags"]').fill('e2e, web');
  await form.locator('[data-testid="server-submit"]').click();
}

describe('the inventory in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) {
      throw new Error('web/dist is missing: run `npm run build:web` first');
    }
    // A small import limit, so that a file too large is quick to make.
    stack = await startStack({ label: 'web-inventory', apis: 1, worker: false, env: { MAX_IMPORT_BYTES: String(IMPORT_LIMIT) } });
    const api = stack.apis[0];
    if (!api) throw new Error('the stack started no API process');
    baseUrl = api.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function withPage(run: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await run(page, context);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it('creates a server and an application, links them, finds both, and shows the blast radius', async () => {
    const hostname = unique('web');
    const appName = unique('shop');
    const dbName = unique('orders-db');
    const systemName = unique('checkout');
    await withPage(async (page) => {
      await signUp(page, baseUrl, 'Grace Hopper');

      // A server, through the form. An address the API refuses is shown next to its field; then no warning, straight to its page.
      await createServer(page, hostname, '10.20.0');
      const serverForm = page.locator('[data-testid="server-form"]');
      await expect(serverForm.locator('[data-testid="error-ipv4Private"]').textContent()).resolves.toMatch(/IPv4 address/);
      expect(await serverForm.locator('input[name="ipv4Private"]').getAttribute('aria-invalid')).toBe('true');
      await serverForm.locator('input[name="ipv4Private"]').fill('10.20.0.5');
      await serverForm.locator('[data-testid="server-submit"]').click();
      await expect(page.locator('[data-testid="server-title"]').textContent()).resolves.toBe(hostname);
      const serverPath = new URL(page.url()).pathname;
      expect(await page.locator('[data-testid="warnings"]').count()).toBe(0);
      const os = page.locator('.details > div', { has: page.locator('dt', { hasText: 'Base' }) }).locator('dd');
      await expect(os.textContent()).resolves.toBe('Linux');

      // An application: a missing name is caught before asking the API.
      await openList(page, 'Applications', 'applications');
      await page.waitForSelector('[data-testid="applications-empty"]');
      await page.click('[data-testid="new-application"]');
      const form = page.locator('[data-testid="application-form"]');
      await form.locator('select[name="family"]').selectOption('WEB');
      await form.locator('input[name="spec.ports"]').fill('443, 8080');
      await form.locator('[data-testid="add-deploy"]').click();
      await form.locator('input[name="deploy.0.kind"]').fill('kubernetes');
      await form.locator('[data-testid="application-submit"]').click();
      await expect(form.locator('[data-testid="error-name"]').textContent()).resolves.toBe('Required');
      await form.locator('input[name="name"]').fill(appName);
      await form.locator('[data-testid="application-submit"]').click();
      await expect(page.locator('[data-testid="application-title"]').textContent()).resolves.toBe(appName);
      const appPath = new URL(page.url()).pathname;
      const ports = page.locator('.details > div', { has: page.locator('dt', { hasText: 'Ports' }) }).locator('.chip');
      expect(await ports.allTextContents()).toEqual(['443', '8080']);

      // From the application's page: it runs on the server, picked by search.
      const relations = page.locator('[data-testid="relations-panel"]');
      await relations.locator('[data-testid="relation-kind"]').selectOption('runsOn');
      await relations.locator('[data-testid="relation-picker-input"]').fill(hostname.slice(0, 8));
      await relations.locator('[data-testid="relation-picker-option"]', { hasText: hostname }).click();
      await relations.locator('[data-testid="add-relation-submit"]').click();
      await relations.locator('[data-testid="relation-added"]').waitFor();
      await relations.locator('[data-testid="relation-runsOn"][data-count="1"]').waitFor();
      await relations.locator(`[data-testid="relation-runsOn"] [data-testid="relation-item"][data-name="${hostname}"]`).waitFor();

      // The header's search finds both.
      const search = page.locator('[data-testid="global-search"]');
      await search.fill(appName);
      await page.locator(`[data-testid="search-result"][data-href="${appPath}"]`).waitFor();
      await search.fill(hostname);
      await page.locator(`[data-testid="search-result"][data-href="${serverPath}"]`).click();
      await page.waitForURL((url) => url.pathname === serverPath);
      await page.locator(`[data-testid="relation-runs"] [data-testid="relation-item"][data-name="${appName}"]`).waitFor();

      // The server's impact: the application, directly (depth 1), through RUNS_ON.
      await page.click('[data-testid="tab-impact"]');
      await page.waitForURL((url) => url.pathname === `${serverPath}/impact`);
      const impact = page.locator('[data-testid="impact-view"]');
      const hop = impact.locator(`[data-testid="hop"][data-name="${appName}"]`);
      await hop.waitFor();
      expect(await hop.getAttribute('data-depth')).toBe('1');
      expect(await hop.getAttribute('data-via')).toBe('RUNS_ON');
      await expect(hop.locator('.hop-path').textContent()).resolves.toBe(`${hostname}${appName}`);

      // The dependency tree maker: the application depends on a database, saved at once.
      const token = await page.evaluate(() => localStorage.getItem('maestro.accessToken'));
      const auth = { authorization: `Bearer ${token ?? ''}` };
      const created = await gql(
        baseUrl,
        'mutation($input: CreateDatabaseInput!) { createDatabase(input: $input) { database { id } } }',
        { input: { name: dbName, engine: 'POSTGRESQL' } },
        auth,
      );
      expect(created.errors).toBeUndefined();
      await page.goto(`${baseUrl}${appPath}/dependencies`);
      const tree = page.locator('[data-testid="dependency-tree"]');
      await tree.locator('[data-testid="tree-picker-input"]').fill(dbName);
      await tree.locator('[data-testid="tree-picker-option"]', { hasText: dbName }).click();
      await tree.locator('[data-testid="tree-save"]').click();
      await expect(tree.locator('[data-testid="tree-saved"]').textContent()).resolves.toContain('1 link added, 0 removed');
      const dependencies = page.locator('[data-testid="dependencies-view"]');
      await dependencies.locator(`[data-testid="hop"][data-name="${dbName}"][data-via="DEPENDS_ON"][data-depth="1"]`).waitFor();
      await dependencies.locator(`[data-testid="hop"][data-name="${hostname}"][data-via="RUNS_ON"][data-depth="1"]`).waitFor();

      // A system the application is part of: it breaks too, one step further.
      const system = await gql<{ createSystem: { system: { id: string } } }>(
        baseUrl,
        'mutation($input: CreateSystemInput!) { createSystem(input: $input) { system { id } } }',
        { input: { name: systemName } },
        auth,
      );
      const appId = decodeURIComponent(appPath.split('/')[2] ?? '');
      const linked = await gql(
        baseUrl,
        'mutation($input: LinkInput!) { link(input: $input) { id } }',
        { input: { from: appId, to: system.data?.createSystem.system.id, kind: 'PART_OF' } },
        auth,
      );
      expect(linked.errors).toBeUndefined();

      // Back on the server: its blast radius by depth, for a screenshot.
      await page.goto(`${baseUrl}${serverPath}/impact`);
      await impact.locator(`[data-testid="hop"][data-name="${appName}"][data-depth="1"]`).waitFor();
      const far = impact.locator(`[data-testid="hop"][data-name="${systemName}"]`);
      await far.waitFor();
      expect(await far.getAttribute('data-depth')).toBe('2');
      expect(await far.locator('.hop-path li').allTextContents()).toEqual([hostname, appName, systemName]);
      expect(await impact.locator('[data-testid="hop-level"]').count()).toBe(2);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'impact.png'), fullPage: true });

      // A second server with the same hostname is accepted, with a warning about the hostname.
      await createServer(page, hostname, '10.20.0.6');
      const warnings = page.locator('[data-testid="warnings"]');
      await warnings.waitFor();
      await warnings.locator('[data-testid="warning"][data-path="input.hostname"]').waitFor();
      await expect(warnings.textContent()).resolves.toContain('Hostname');
      // It names the other server, with a link to it.
      await warnings.locator('[data-testid="warning-items"] a', { hasText: hostname }).waitFor();
      await page.locator('[data-testid="open-created"]').waitFor();
      await page.locator('[data-testid="servers-total"]', { hasText: '2 in total' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'duplicate-warning.png'), fullPage: true });
    });
  }, 90_000);

  it('sorts by a column header and keeps the chosen columns', async () => {
    await withPage(async (page) => {
      await signUp(page, baseUrl, 'Column Chooser');
      for (const [hostname, ip] of [
        ['alpha', '10.0.0.2'],
        ['bravo', '10.0.0.1'],
      ] as const) {
        await createServer(page, hostname, ip);
        await page.locator('[data-testid="server-title"]').waitFor();
      }
      await openList(page, 'Servers', 'servers');
      const rows = page.locator('[data-testid="server-row"] th');
      await page.locator('[data-testid="server-row"]').nth(1).waitFor();
      expect(await rows.allTextContents()).toEqual(['alpha', 'bravo']);

      // Sort by private IP, then the other way round; the order lives in the address.
      await page.click('[data-testid="sort-IPV4_PRIVATE"]');
      await page.waitForURL(/sort=IPV4_PRIVATE/);
      await page.waitForFunction(() => document.querySelector('[data-testid="server-row"] th')?.textContent === 'bravo');
      await page.click('[data-testid="sort-IPV4_PRIVATE"]');
      await page.waitForURL(/dir=DESC/);
      await page.waitForFunction(() => document.querySelector('[data-testid="server-row"] th')?.textContent === 'alpha');
      expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);

      // Hide the memory column: still hidden after a reload.
      const headers = page.locator('[data-testid="servers-table"] thead th');
      const before = await headers.count();
      await page.click('[data-testid="column-chooser"]');
      await page.uncheck('[data-testid="column-memory"]');
      await page.check('[data-testid="column-role"]');
      await page.keyboard.press('Escape');
      expect(await headers.count()).toBe(before);
      await page.reload();
      await page.locator('[data-testid="server-row"]').nth(1).waitFor();
      const labels = await headers.allTextContents();
      expect(labels.some((label) => label.startsWith('Memory'))).toBe(false);
      expect(labels.some((label) => label.startsWith('Role'))).toBe(true);
    });
  }, 60_000);

  it('imports servers from a CSV file, reports row errors and duplicate warnings, and exports the list', async () => {
    const web = unique('imp-web');
    const db = unique('imp-db');
    const broken = unique('imp-broken');
    const csv = [
      'hostname,ipv4Private,environment,os.base,tags',
      `${web},10.40.0.7,PRODUCTION,LINUX,imported;e2e`,
      `${db},10.40.0.7,STAGING,LINUX,imported`,
      `${broken},10.40.300.1,PRODUCTION,LINUX,imported`,
    ].join('\n');
    await withPage(async (page) => {
      await signUp(page, baseUrl, 'Ada Import');
      await openList(page, 'Servers', 'servers');
      await page.waitForSelector('[data-testid="servers-empty"]');

      // The dialog: a labelled modal that explains the format and takes the focus.
      await page.click('[data-testid="import-open"]');
      const dialog = page.locator('[data-testid="import-dialog"]');
      await dialog.waitFor();
      await expect(dialog.locator('[data-testid="import-example"]').textContent()).resolves.toBe('hostname,environment,ipv4Private,cpu,services,os.base');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
      // Escape closes it, and the focus goes back to the button that opened it.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('import-open');

      // A file: the format follows its extension.
      await page.click('[data-testid="import-open"]');
      await dialog.locator('[data-testid="import-format-json"]').check();
      await dialog.locator('[data-testid="import-file"]').setInputFiles({ name: 'servers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      expect(await dialog.locator('[data-testid="import-format-csv"]').isChecked()).toBe(true);
      await dialog.locator('[data-testid="import-submit"]').click();

      const result = dialog.locator('[data-testid="import-result"]');
      await result.waitFor();
      await expect(result.locator('[data-testid="import-created"]').textContent()).resolves.toBe('2');
      await expect(result.locator('[data-testid="import-updated"]').textContent()).resolves.toBe('0');
      await expect(result.locator('[data-testid="import-unchanged"]').textContent()).resolves.toBe('0');
      await expect(result.locator('[data-testid="import-failed"]').textContent()).resolves.toBe('1');

      // Row 3 is reported with the column at fault; rows 1 and 2 share an address, so each gets a warning.
      const problems = result.locator('[data-testid="import-row"]');
      expect(await problems.count()).toBe(3);
      const failed = result.locator('[data-testid="import-row"][data-row="3"][data-status="ERROR"]');
      const error = failed.locator('[data-testid="import-row-error"][data-path="rows.3.ipv4Private"]');
      await error.waitFor();
      await expect(error.textContent()).resolves.toContain('ipv4Private');
      // In the theme's red, as a warning is in its amber.
      const inTone = (element: Element, tone: string) => {
        const probe = document.createElement('span');
        probe.style.color = `var(--${tone})`;
        element.append(probe);
        const same = getComputedStyle(probe).color === getComputedStyle(element).color;
        probe.remove();
        return same;
      };
      expect(await error.evaluate(inTone, 'down')).toBe(true);
      for (const row of [1, 2]) {
        const warning = result.locator(`[data-testid="import-row"][data-row="${row}"][data-status="CREATED"] [data-testid="import-row-warning"]`);
        await warning.waitFor();
        expect(await warning.getAttribute('data-code')).toBe('DUPLICATE');
        expect(await warning.getAttribute('data-path')).toBe(`rows.${row}.ipv4Private`);
        await expect(warning.textContent()).resolves.toContain('10.40.0.7');
        expect(await warning.evaluate(inTone, 'warn')).toBe(true);
      }
      // Links to what was created, by name once the names are known.
      await result.locator('[data-testid="import-written-link"]', { hasText: web }).waitFor();
      await result.locator('[data-testid="import-written-link"]', { hasText: db }).waitFor();
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'import-result.png'), fullPage: true });

      // Closed, the list already shows the two new servers.
      await dialog.locator('[data-testid="import-close"]').click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('[data-testid="servers-total"]', { hasText: '2 in total' }).waitFor();
      await page.locator('[data-testid="server-row"]').nth(1).waitFor();
      expect((await page.locator('[data-testid="server-row"] th').allTextContents()).sort()).toEqual([db, web].sort());

      // Export as CSV: the whole list, saved as servers.csv.
      await page.click('[data-testid="export-menu"]');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
      expect(download.suggestedFilename()).toBe('servers.csv');
      const exported = readFileSync(await download.path(), 'utf8');
      expect(exported.split('\n')[0]).toMatch(/^id,hostname,/);
      expect(exported).toContain(web);
      expect(exported).toContain(db);
      expect(exported).not.toContain(broken);

      // With a filter, the export holds what the list shows, here as JSON.
      await page.fill('[data-testid="filter-hostname"]', web);
      await page.waitForURL(/hostname=/);
      await page.locator('[data-testid="servers-total"]', { hasText: '1 in total' }).waitFor();
      await page.click('[data-testid="export-menu"]');
      const [filtered] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
      expect(filtered.suggestedFilename()).toBe('servers.json');
      const items = JSON.parse(readFileSync(await filtered.path(), 'utf8')) as Array<{ hostname: string }>;
      expect(items.map((item) => item.hostname)).toEqual([web]);
      expect(await page.locator('[data-testid="export-error"]').count()).toBe(0);

      // Pasted rows over the API's limit: the dialog says so, and nothing is imported.
      await page.click('[data-testid="import-open"]');
      await dialog.locator('[data-testid="import-source-text"]').check();
      await dialog.locator('[data-testid="import-text"]').fill(`hostname,role\n${unique('big')},${'x'.repeat(IMPORT_LIMIT)}`);
      await dialog.locator('[data-testid="import-submit"]').click();
      const failure = dialog.locator('[data-testid="import-failure"]');
      await failure.waitFor();
      await expect(failure.textContent()).resolves.toContain(`the most an import takes is ${IMPORT_LIMIT} bytes`);
      expect(await dialog.locator('[data-testid="import-result"]').count()).toBe(0);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    });
  }, 90_000);
  it('shows who set each field, locks a field against imports, and follows an import to its changes', async () => {
    const hostname = unique('locked');
    await withPage(async (page) => {
      await signUp(page, baseUrl, 'Lin Locker');
      await createServer(page, hostname, '10.60.0.4');
      await expect(page.locator('[data-testid="server-title"]').textContent()).resolves.toBe(hostname);
      const serverPath = new URL(page.url()).pathname;
      const details = page.locator('[data-testid="item-details"]');

      // Beside each field: who set it, and how long ago (the exact time on hover); the item says who created it.
      const hostnameSource = details.locator('[data-testid="field-source"][data-field="hostname"] [data-testid="field-provenance"]');
      await expect(hostnameSource.textContent()).resolves.toMatch(/^set by you · /);
      expect(await hostnameSource.getAttribute('title')).toBeTruthy();
      await expect(details.locator('[data-testid="item-origin"]').textContent()).resolves.toBe('you');

      // Lock the environment: a lock icon and its words appear beside it.
      const environment = details.locator('[data-testid="field-source"][data-field="environment"]');
      expect(await environment.locator('[data-testid="field-locked"]').count()).toBe(0);
      await environment.locator('[data-testid="lock-toggle-environment"]').click();
      await environment.locator('[data-testid="field-locked"]').waitFor();
      await expect(environment.locator('[data-testid="field-locked"]').textContent()).resolves.toContain('Locked against imports and discovery');
      expect(await environment.locator('[data-testid="lock-toggle-environment"]').getAttribute('aria-pressed')).toBe('true');
      expect(await details.locator('[data-testid="field-source"][data-field="cpu"]').getAttribute('data-locked')).toBe('false');

      // An import that would change it keeps it, and says so; the role it carries is written.
      await openList(page, 'Servers', 'servers');
      await page.click('[data-testid="import-open"]');
      const dialog = page.locator('[data-testid="import-dialog"]');
      await expect(dialog.locator('[data-testid="import-partial"]').textContent()).resolves.toContain('an empty cell clears it');
      await dialog.locator('[data-testid="import-source-text"]').check();
      await dialog.locator('[data-testid="import-text"]').fill(`hostname,environment,role\n${hostname},STAGING,cache`);
      await dialog.locator('[data-testid="import-submit"]').click();
      const result = dialog.locator('[data-testid="import-result"]');
      await result.waitFor();
      await expect(result.locator('[data-testid="import-updated"]').textContent()).resolves.toBe('1');
      await expect(result.locator('[data-testid="import-kept-count"]').textContent()).resolves.toBe('1 value');
      await expect(result.locator('[data-testid="import-kept-row"]').textContent()).resolves.toContain('Environment');
      const importName = (await result.locator('[data-testid="import-name"]').textContent()) ?? '';
      expect(importName).toMatch(/^import #\d+$/);

      // "See what import #n changed": the activity of that import alone, under a chip that can be cleared.
      const link = result.locator('[data-testid="import-activity-link"]');
      await expect(link.textContent()).resolves.toBe(`See what ${importName} changed`);
      await link.click();
      await page.waitForURL((url) => url.pathname === '/activity' && url.searchParams.has('run'));
      const chip = page.locator('[data-testid="run-chip"]');
      await chip.filter({ hasText: `Changes of ${importName}` }).waitFor();
      const changes = page.locator('[data-testid="change"]');
      await changes.first().waitFor();
      expect(await changes.count()).toBe(1);
      await expect(changes.first().locator('[data-testid="change-actor"]').textContent()).resolves.toBe(importName);
      await changes.first().locator('[data-testid="diff-row"][data-path="role"]').waitFor();
      expect(await changes.first().locator('[data-testid="diff-row"][data-path="environment"]').count()).toBe(0);
      await page.click('[data-testid="run-chip-clear"]');
      await page.waitForURL((url) => url.pathname === '/activity' && !url.searchParams.has('run'));
      await chip.waitFor({ state: 'detached' });

      // People's locks only: the environment's, in words.
      await page.goto(`${baseUrl}/activity?by=USER&ops=LOCK`);
      const lockChange = page.locator('[data-testid="change"][data-operation="LOCK"]');
      await lockChange.first().waitFor();
      await expect(lockChange.first().locator('[data-testid="diff-locks"]').textContent()).resolves.toContain('Locked Environment');

      // Back on the server: the role came from the import, the environment is still the user's.
      await page.goto(`${baseUrl}${serverPath}`);
      await expect(details.locator('[data-testid="field-source"][data-field="role"] [data-testid="field-provenance"]').textContent()).resolves.toMatch(
        new RegExp(`^${importName} · `),
      );
      await expect(details.locator('[data-testid="field-source"][data-field="environment"] [data-testid="field-provenance"]').textContent()).resolves.toMatch(
        /^set by you/,
      );

      // The whole item locked, then unlocked: field toggles wait while it is.
      await page.click('[data-testid="lock-toggle-all"]');
      await page.locator('[data-testid="item-locked"]').waitFor();
      expect(await details.locator('[data-testid="lock-toggle-cpu"]').isDisabled()).toBe(true);
      await page.click('[data-testid="lock-toggle-all"]');
      await page.locator('[data-testid="item-locked"]').waitFor({ state: 'detached' });
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'item-provenance.png'), fullPage: true });
    });
  }, 90_000);
});
