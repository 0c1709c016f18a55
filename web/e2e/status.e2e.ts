import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../test/support/stack.ts';
import { isLocalUrl, launchBrowser } from './browser.ts';

const COMPONENTS = ['api', 'mongodb', 'redis', 'queue:discovery', 'queue:reports', 'queue:graphs', 'queue:maintenance', 'queue:mail'];
const QUEUES = COMPONENTS.filter((name) => name.startsWith('queue:'));
const RESULTS_DIR = join(process.cwd(), 'test-results');

function componentState(page: Page, name: string): Promise<string | null> {
  return page.getAttribute(`[data-testid="component-${name}"]`, 'data-ok');
}

async function waitForStates(page: Page, expected: Record<string, 'true' | 'false'>, timeout: number): Promise<void> {
  await page.waitForFunction(
    (want) =>
      Object.entries(want).every(
        ([name, ok]) => document.querySelector(`[data-testid="component-${name}"]`)?.getAttribute('data-ok') === ok,
      ),
    expected,
    { timeout, polling: 100 },
  );
}

describe('dashboard in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) {
      throw new Error('web/dist is missing: run `npm run build:web` first');
    }
    stack = await startStack({
      label: 'web-e2e',
      apis: 1,
      worker: true,
      env: { STATUS_INTERVAL_MS: '1000', STATUS_TIMEOUT_MS: '1000' },
    });
    const api = stack.apis[0];
    if (!api) throw new Error('the stack started no API process');
    baseUrl = api.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows every component up, then the queues down when the worker stops, without reloading', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${baseUrl}/`);
      await expect(page.title()).resolves.toBe('Maestro');
      await waitForStates(page, Object.fromEntries(COMPONENTS.map((name) => [name, 'true'])), 20_000);
      expect(await page.getAttribute('[data-testid="status-overall"]', 'data-ok')).toBe('true');
      expect(await page.locator('[data-testid^="component-"]').count()).toBe(COMPONENTS.length);
      await page.waitForSelector('[data-testid="live-connection"][data-state="connected"]', { timeout: 10_000 });

      // A marker that a reload would wipe: the change must arrive through the subscription.
      await page.evaluate(() => {
        document.documentElement.dataset.e2eMarker = 'still-here';
      });

      const worker = stack.worker;
      if (!worker) throw new Error('the stack started no worker');
      await worker.stop();

      await waitForStates(page, Object.fromEntries(QUEUES.map((name) => [name, 'false'])), 15_000);
      expect(await page.getAttribute('[data-testid="status-overall"]', 'data-ok')).toBe('false');
      for (const name of ['api', 'mongodb', 'redis']) expect(await componentState(page, name)).toBe('true');
      expect(await page.evaluate(() => document.documentElement.dataset.e2eMarker)).toBe('still-here');
      await expect(page.locator('[data-testid="component-queue:discovery"]').textContent()).resolves.toContain('down');

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'status-worker-down.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('serves the GraphQL playground from its own bundle, with no request off this machine', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const external: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocalUrl(url)) return route.continue();
      external.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${baseUrl}/playground`);
      await page.waitForSelector('.graphiql-container .graphiql-query-editor .monaco-editor', { timeout: 30_000 });
      await page.waitForSelector('.graphiql-execute-button', { timeout: 5_000 });
      // Let late loads (fonts, workers, schema) happen before judging.
      await page.waitForLoadState('networkidle');
      expect(external).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
