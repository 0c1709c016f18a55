import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser, requireBuiltDashboard } from './browser.ts';
import { PASSWORD, unique, watchedPage } from './sessions.ts';

/*
 * Dependency graphs from the dashboard: three applications and a server
 * linked through the API, a graph from two of the applications made through
 * the form, built and followed live, then its picture: an edge's kind on
 * hover, an item's way back to the roots, the type filter, and a click that
 * opens an item's page.
 */

const RESULTS_DIR = join(process.cwd(), 'test-results');

describe('dependency graphs in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function signUp(page: Page): Promise<string> {
    await page.goto(`${baseUrl}/signup`);
    await page.fill('input[name="name"]', 'Grace Grapher');
    await page.fill('input[name="email"]', `${unique('graphs')}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(/\/datacenters$/);
    const token = await page.evaluate(() => localStorage.getItem('maestro.accessToken'));
    if (!token) throw new Error('no access token after signing up');
    return token;
  }

  beforeAll(async () => {
    requireBuiltDashboard();
    stack = await startStack({ label: 'web-graphs', apis: 1, worker: true });
    baseUrl = stack.apis[0]!.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  it('makes a graph from applications, builds it live, and explores its picture', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    const page = await watchedPage(context, pageErrors, 'owner');
    const token = await signUp(page);
    const headers = { authorization: `Bearer ${token}` };

    async function application(name: string): Promise<string> {
      const answer = await gql<{ createApplication: { application: { id: string } } }>(baseUrl, 'mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } } }', { input: { name } }, headers);
      expect(answer.errors).toBeUndefined();
      return answer.data!.createApplication.application.id;
    }
    async function link(from: string, to: string, kind: string) {
      const answer = await gql(baseUrl, 'mutation($input: LinkInput!) { link(input: $input) { id } }', { input: { from, to, kind } }, headers);
      expect(answer.errors).toBeUndefined();
    }

    // shop and cart depend on pricing, which runs on a server.
    const shop = await application('gshop');
    const cart = await application('gcart');
    const pricing = await application('gpricing');
    const server = await gql<{ createServer: { server: { id: string } } }>(baseUrl, 'mutation($input: CreateServerInput!) { createServer(input: $input) { server { id } } }', { input: { hostname: 'gsrv-01' } }, headers);
    expect(server.errors).toBeUndefined();
    await link(shop, pricing, 'DEPENDS_ON');
    await link(cart, pricing, 'DEPENDS_ON');
    await link(pricing, server.data!.createServer.server.id, 'RUNS_ON');

    // Dependency graphs, from the side navigation: none yet.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dependency graphs', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/graphs');
    await page.locator('[data-testid="no-graphs"]').waitFor();

    // The form: from two applications picked by name, the default relations.
    const name = unique('Shop dependencies');
    await page.getByRole('link', { name: 'New graph' }).click();
    const form = page.locator('[data-testid="graph-form"]');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await expect(form.getByRole('radio', { name: /^Applications/ }).isChecked()).resolves.toBe(true);
    await expect(form.getByRole('checkbox', { name: 'Depends on', exact: true }).isChecked()).resolves.toBe(true);
    // Nothing picked: the form says so next to the picker.
    await form.getByRole('button', { name: 'Create graph' }).click();
    await form.locator('[data-testid="error-sourceIds"]').waitFor();
    for (const app of ['gshop', 'gcart']) {
      await form.getByRole('combobox', { name: 'Add an application' }).fill(app);
      await form.getByRole('option', { name: new RegExp(app) }).click();
    }
    await expect(form.locator('[data-testid="graph-source-pick"]').allTextContents()).resolves.toEqual(['gshop×', 'gcart×']);
    await form.getByRole('button', { name: 'Create graph' }).click();

    // Its page: the definition in words, then Build, followed live to the picture.
    await expect(page.locator('[data-testid="graph-title"]').textContent()).resolves.toBe(name);
    await expect(page.locator('[data-testid="graph-definition"]').textContent()).resolves.toContain('From the applications gshop and gcart, 5 hops');
    await page.locator('[data-testid="no-graph-builds"]').waitFor();
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    const built = page.locator('[data-testid="graph-build"]');
    await built.waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Application: gpricing' }).waitFor();
    const nodes = page.locator('[data-testid="graph-node"]');
    await expect(nodes.count()).resolves.toBe(4);
    await expect(page.locator('[data-testid="graph-metric-nodes"]').textContent()).resolves.toBe('4');
    await expect(page.locator('[data-testid="graph-metric-edges"]').textContent()).resolves.toBe('3');

    // An edge's kind and ends, on hover.
    await page.locator('[data-testid="graph-edge"][data-from="gshop"][data-to="gpricing"] .graph-edge__hit').hover({ force: true });
    const tooltip = page.locator('[data-testid="graph-edge-tooltip"]');
    await expect(tooltip.textContent()).resolves.toBe('DEPENDS_ON: gshop → gpricing');

    // Pointing at the server lights its way back to both roots.
    await page.getByRole('link', { name: 'Server: gsrv-01' }).hover();
    await page.locator('[data-testid="graph-node"][data-lit="true"]').nth(3).waitFor();
    await expect(page.locator('[data-testid="graph-node"][data-lit="true"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')).sort())).resolves.toEqual(['gcart', 'gpricing', 'gshop', 'gsrv-01']);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'graphs.png'), fullPage: true });

    // The type filter hides the servers, and shows them again.
    const types = page.locator('[data-testid="graph-type-filter"]');
    const serverNode = page.locator('[data-testid="graph-node"][data-name="gsrv-01"]');
    await types.getByRole('checkbox', { name: 'Server', exact: true }).uncheck();
    await serverNode.waitFor({ state: 'detached' });
    await expect(nodes.count()).resolves.toBe(3);
    await types.getByRole('checkbox', { name: 'Server', exact: true }).check();
    await serverNode.waitFor();
    await expect(nodes.count()).resolves.toBe(4);

    // A click on an item opens its page.
    await page.getByRole('link', { name: 'Application: gpricing' }).click();
    await page.waitForURL((url) => url.pathname === `/applications/${encodeURIComponent(pricing)}`);

    // Back to the list: its last build.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dependency graphs', exact: true }).click();
    await expect(page.locator(`[data-testid="graph-row"][data-name="${name}"] [data-testid="graph-last-build"]`).textContent()).resolves.toMatch(/4 items$/);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
