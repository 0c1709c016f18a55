import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser, requireBuiltDashboard } from './browser.ts';
import { PASSWORD, unique, watchedPage } from './sessions.ts';

/*
 * HTTP schedules from the dashboard: a schedule made through its form calls
 * a server of this file's own on 127.0.0.1 (opened to the stack by
 * OUTBOUND_ALLOW), its runs appear live, and its secret header reaches the
 * server without ever being shown.
 */

const RESULTS_DIR = join(process.cwd(), 'test-results');

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

describe('schedules in a browser', () => {
  const secret = `sk-${randomBytes(12).toString('hex')}`;
  const received: Received[] = [];
  let answerStatus = 200;
  let target: Server;
  let targetUrl = '';
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function signUp(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/signup`);
    await page.fill('input[name="name"]', 'Ada Scheduler');
    await page.fill('input[name="email"]', `${unique('schedules')}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(/\/datacenters$/);
  }

  beforeAll(async () => {
    requireBuiltDashboard();
    target = createServer((request, response) => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      request.resume();
      response.writeHead(answerStatus, { 'content-type': 'text/plain' });
      response.end(answerStatus === 200 ? 'pong\nline two\n' : 'broken');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
    stack = await startStack({ label: 'web-schedules', apis: 1, worker: true, env: { OUTBOUND_ALLOW: '127.0.0.1/32' } });
    baseUrl = stack.apis[0]!.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
  });

  it('creates a schedule through its form, previews its timing, runs it live, and never shows its secret', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Paris', locale: 'en-GB' });
    contexts.push(context);
    const page = await watchedPage(context, pageErrors, 'owner');
    await signUp(page);

    // Discovery › Schedules, from the side navigation: none yet.
    await page.click('nav[aria-label="Main"] >> text="Schedules"');
    await page.waitForURL((url) => url.pathname === '/schedules');
    await page.locator('[data-testid="no-schedules"]').waitFor();
    await page.locator('[data-testid="discovery-schedules"]').waitFor();

    // The form: a GET of the test's server with a secret header.
    const name = unique('ping');
    await page.click('[data-testid="new-schedule"]');
    const form = page.locator('[data-testid="schedule-form"]');
    await form.locator('[data-testid="schedule-name"]').fill(name);
    await form.locator('[data-testid="schedule-url"]').fill(targetUrl);
    await form.locator('[data-testid="schedule-headers-add"]').click();
    await form.locator('[data-testid="schedule-headers-name"]').fill('Accept');
    await form.locator('[data-testid="schedule-headers-value"]').fill('text/plain');
    await form.locator('[data-testid="schedule-secret-headers-add"]').click();
    await form.locator('[data-testid="schedule-secret-headers-name"]').fill('X-Api-Key');
    await form.locator('[data-testid="schedule-secret-headers-value"]').fill(secret);

    // A cron expression: a wrong one is refused in words under its field, a right one shows its next five runs.
    await form.locator('[data-testid="timing-cron"]').check();
    await expect(form.locator('[data-testid="schedule-timezone"]').inputValue()).resolves.toBe('Europe/Paris');
    await form.locator('[data-testid="schedule-cron"]').fill('61 * * * *');
    await form.locator('[data-testid="error-cron"]').waitFor();
    await expect(form.locator('[data-testid="error-cron"]').textContent()).resolves.toMatch(/cron expression/);
    await form.locator('[data-testid="schedule-cron"]').fill('0 3 * * *');
    await form.locator('[data-testid="error-cron"]').waitFor({ state: 'detached' });
    const cronTimes = form.locator('[data-testid="timing-preview"] [data-testid="run-time"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timing-preview"] [data-testid="run-time"]').length === 5);
    for (const text of await cronTimes.allTextContents()) expect(text).toMatch(/03:00/);
    const days = (await cronTimes.evaluateAll((items) => items.map((item) => item.getAttribute('data-at') ?? ''))).map((iso) => Date.parse(iso));
    for (let i = 1; i < days.length; i += 1) expect(days[i]! - days[i - 1]!).toBeGreaterThanOrEqual(23 * 3600_000);

    // Back to an interval: its next runs are counted in the page.
    await form.locator('[data-testid="timing-interval"]').check();
    await form.locator('[data-testid="schedule-interval"]').fill('5');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timing-preview"] [data-testid="run-time"]').length === 5);
    const intervalTimes = (await form.locator('[data-testid="timing-preview"] [data-testid="run-time"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-at') ?? ''))).map((iso) => Date.parse(iso));
    expect(intervalTimes[1]! - intervalTimes[0]!).toBe(5 * 60_000);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'schedule-form.png'), fullPage: true });
    await form.locator('[data-testid="schedule-submit"]').click();

    // Its page: the settings as saved, the secret header by name only.
    await expect(page.locator('[data-testid="schedule-title"]').textContent()).resolves.toBe(name);
    const schedulePath = new URL(page.url()).pathname;
    expect(schedulePath).toMatch(/^\/schedules\/[^/]+$/);
    await expect(page.locator('[data-testid="schedule-timing-value"]').textContent()).resolves.toBe('every 5 minutes');
    await expect(page.locator('[data-testid="schedule-secret-headers"]').textContent()).resolves.toBe('X-Api-Key: stored encrypted, never shown');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="schedule-next-runs"] [data-testid="run-time"]').length === 5);
    await page.locator('[data-testid="no-schedule-runs"]').waitFor();
    expect(await page.content()).not.toContain(secret);

    // Run now: the run appears and ends without reloading.
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await page.click('[data-testid="run-schedule"]');
    const succeeded = page.locator('[data-testid="schedule-run"][data-status="SUCCEEDED"]');
    await succeeded.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await expect(succeeded.locator('[data-testid="schedule-run-http"]').textContent()).resolves.toBe('200');
    await expect(succeeded.locator('[data-testid="schedule-run-body"]').textContent()).resolves.toContain('pong');
    await expect(succeeded.locator('td').nth(1).textContent()).resolves.toBe('Run now');

    // The server got the call with both headers; the secret header never reached the page.
    const call = received.at(-1)!;
    expect(call.method).toBe('GET');
    expect(call.url).toBe('/hook');
    expect(call.headers['x-api-key']).toBe(secret);
    expect(call.headers.accept).toBe('text/plain');
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: join(RESULTS_DIR, 'schedule-page.png'), fullPage: true });

    // An edit says the secret is stored and leaves its box empty; saving without typing keeps it.
    await page.click('[data-testid="edit-schedule"]');
    const edit = page.locator('[data-testid="schedule-form"]');
    await expect(edit.locator('[data-testid="secret-headers-hint"]').textContent()).resolves.toMatch(/^X-Api-Key: stored, never shown; type new values to replace them/);
    expect(await edit.locator('[data-testid="schedule-secret-headers-row"]').count()).toBe(0);
    await edit.locator('[data-testid="schedule-expected-status"]').fill('200');
    await edit.locator('[data-testid="schedule-submit"]').click();
    await page.locator('[data-testid="schedule-settings"]').waitFor();
    await expect(page.locator('[data-testid="schedule-secret-headers"]').textContent()).resolves.toBe('X-Api-Key: stored encrypted, never shown');

    // A failed run: listed live, and a toast names the schedule.
    answerStatus = 500;
    const before = received.length;
    await page.click('[data-testid="run-schedule"]');
    await page.locator('[data-testid="schedule-run"][data-status="FAILED"]').waitFor({ timeout: 30_000 });
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)!.headers['x-api-key']).toBe(secret);
    const toast = page.locator('[data-testid="toast"][data-kind="SCHEDULE_FAILED"]');
    await toast.waitFor();
    await expect(toast.locator('[data-testid="toast-message"]').textContent()).resolves.toMatch(new RegExp(`^Schedule ${name} failed: `));

    // The list: the schedule, its timing in words and its last outcome.
    await page.click('nav[aria-label="Main"] >> text="Schedules"');
    const row = page.locator(`[data-testid="schedule-row"][data-name="${name}"]`);
    await row.waitFor();
    await expect(row.locator('[data-testid="schedule-timing"]').textContent()).resolves.toBe('every 5 minutes');
    await row.locator('[data-testid="schedule-last-run"] [data-status="FAILED"]').waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: join(RESULTS_DIR, 'schedules.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
