import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser, requireBuiltDashboard } from './browser.ts';
import { PASSWORD, unique, watchedPage } from './sessions.ts';

/*
 * Reports from the dashboard: thirty servers imported through the API, a
 * list of the production ones made through the builder (a bad operand is
 * refused by the API next to its control first), a run cancelled while it
 * waits for a worker, another followed live to its end, then its chart, its
 * table, its CSV download, the stable link to the latest result, and a
 * schedule that shows among the schedules.
 */

const RESULTS_DIR = join(process.cwd(), 'test-results');
const ENVIRONMENTS = ['PRODUCTION', 'STAGING', 'DEVELOPMENT'];
const SERVERS = Array.from({ length: 30 }, (_, i) => ({
  hostname: `rpt-${String(i).padStart(2, '0')}`,
  environment: ENVIRONMENTS[i % 3]!,
  tags: i % 2 === 0 ? 'web;eu' : 'db',
  cpu: 2 ** (i % 4),
}));
const PRODUCTION = SERVERS.filter((server) => server.environment === 'PRODUCTION');

describe('reports in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function signUp(page: Page): Promise<string> {
    await page.goto(`${baseUrl}/signup`);
    await page.fill('input[name="name"]', 'Ada Reporter');
    await page.fill('input[name="email"]', `${unique('reports')}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(/\/datacenters$/);
    const token = await page.evaluate(() => localStorage.getItem('maestro.accessToken'));
    if (!token) throw new Error('no access token after signing up');
    return token;
  }

  beforeAll(async () => {
    requireBuiltDashboard();
    // No worker yet: the first run waits in the queue (and is cancelled); the worker starts for the second.
    stack = await startStack({ label: 'web-reports', apis: 1, worker: false });
    baseUrl = stack.apis[0]!.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  it('builds a list of production servers, runs it live, and shows its chart, table, CSV and latest result', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await watchedPage(context, pageErrors, 'owner');
    const token = await signUp(page);

    // Thirty servers of this person's, a third of them in production, through the API.
    const csv = ['hostname,environment,tags,cpu', ...SERVERS.map((s) => `${s.hostname},${s.environment},${s.tags},${s.cpu}`)].join('\n');
    const imported = await gql<{ importInventory: { created: number; failed: number } }>(
      baseUrl,
      'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created failed } }',
      { input: { type: 'Server', format: 'CSV', data: csv } },
      { authorization: `Bearer ${token}` },
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data?.importInventory).toEqual({ created: 30, failed: 0 });

    // Reports, from the side navigation: none yet.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/reports');
    await page.locator('[data-testid="no-reports"]').waitFor();

    // The builder: a list of servers, three columns in the order picked, and a filter on the environment.
    const name = unique('Production servers');
    await page.getByRole('link', { name: 'New report' }).click();
    const form = page.locator('[data-testid="report-form"]');
    await form.getByLabel('Name', { exact: true }).fill(name);
    // A pivot offers its six levels, four of them on; back to a list.
    await form.getByRole('radio', { name: /^Pivot/ }).check();
    const servers = form.getByRole('group', { name: 'Servers', exact: true });
    await servers.getByRole('switch', { name: 'Show servers' }).waitFor();
    await expect(servers.getByRole('switch', { name: 'Show servers' }).isChecked()).resolves.toBe(true);
    await expect(form.getByRole('switch', { name: 'Show databases' }).isChecked()).resolves.toBe(false);
    await servers.getByRole('group', { name: 'Servers: columns' }).getByRole('checkbox', { name: 'Environment', exact: true }).waitFor();
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'report-builder-pivot.png'), fullPage: true });
    await form.getByRole('radio', { name: /^List/ }).check();
    await expect(form.getByLabel('Type', { exact: true }).inputValue()).resolves.toBe('Server');
    const columns = form.getByRole('group', { name: 'Columns', exact: true });
    for (const label of ['Hostname', 'Environment', 'Tags']) await columns.getByRole('checkbox', { name: label, exact: true }).check();
    await form.locator('[data-testid="report-columns-order"]', { hasText: 'In this order: Hostname, Environment, Tags' }).waitFor();
    const filters = form.getByRole('group', { name: 'Filters', exact: true });
    await filters.getByRole('button', { name: 'Add a filter' }).click();
    await filters.getByLabel('Filter 1 field', { exact: true }).selectOption('environment');
    await expect(filters.getByLabel('Filter 1 comparison', { exact: true }).inputValue()).resolves.toBe('IN');
    await filters.getByLabel('Filter 1 values', { exact: true }).selectOption(['PRODUCTION']);

    // A second filter whose upper bound is below its lower one: the API refuses it, in words, next to that bound.
    await filters.getByRole('button', { name: 'Add a filter' }).click();
    await filters.getByLabel('Filter 2 field', { exact: true }).selectOption('cpu');
    await filters.getByLabel('Filter 2 comparison', { exact: true }).selectOption('BETWEEN');
    await filters.getByLabel('Filter 2 from', { exact: true }).fill('8');
    await filters.getByLabel('Filter 2 to', { exact: true }).fill('2');
    await form.getByRole('button', { name: 'Create report' }).click();
    const bound = form.locator('[data-testid="error-filters.1.numberTo"]');
    await bound.waitFor();
    await expect(bound.textContent()).resolves.toBe('Must not be less than number');
    await expect(filters.getByLabel('Filter 2 to', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect(new URL(page.url()).pathname).toBe('/reports/new');
    await page.screenshot({ path: join(RESULTS_DIR, 'report-builder.png'), fullPage: true });
    await filters.getByRole('button', { name: 'Remove filter 2' }).click();
    await form.getByRole('button', { name: 'Create report' }).click();

    // Its page: the definition in words, no run yet.
    await expect(page.locator('[data-testid="report-title"]').textContent()).resolves.toBe(name);
    const reportPath = new URL(page.url()).pathname;
    expect(reportPath).toMatch(/^\/reports\/[^/]+$/);
    const reportId = decodeURIComponent(reportPath.split('/')[2]!);
    await expect(page.locator('[data-testid="report-definition"]').textContent()).resolves.toContain('Environment is one of Production');
    await page.locator('[data-testid="no-report-runs"]').waitFor();

    // Run: its page opens while the run waits for a worker (none runs yet), and Cancel ends it at once.
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await page.getByRole('button', { name: `Run ${name}` }).click();
    await page.waitForURL(/\/reports\/runs\/[^/]+$/);
    await page.locator('[data-testid="report-run"][data-status="QUEUED"]').waitFor();
    const progress = page.locator('[data-testid="report-run-progress"]');
    await expect(progress.locator('[data-testid="report-progress-text"]').textContent()).resolves.toBe('Waiting for a worker');
    await expect(progress.getByRole('progressbar', { name: 'Report run progress' }).getAttribute('aria-valuenow')).resolves.toBe('0');
    await page.screenshot({ path: join(RESULTS_DIR, 'report-run-queued.png'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.locator('[data-testid="report-run"][data-status="CANCELLED"]').waitFor();
    await expect(page.locator('[data-testid="report-run-status"]').textContent()).resolves.toBe('Cancelled');
    expect(await progress.count()).toBe(0);

    // Run again, then a worker starts: the run's page follows it to the end through its live events, without reloading.
    await page.getByRole('button', { name: 'Run again' }).click();
    await page.locator('[data-testid="report-run"][data-status="QUEUED"]').waitFor();
    const runId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!);
    await stack.startWorker();
    await page.locator(`[data-testid="report-run"][data-run-id="${runId}"][data-status="SUCCEEDED"]`).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await expect(page.locator('[data-testid="report-run-status"]').textContent()).resolves.toBe('Succeeded');
    expect(await progress.count()).toBe(0);

    // Charts: the environment's, whose table (for screen readers) counts the production servers.
    await expect(page.getByRole('tab', { name: 'Charts' }).getAttribute('aria-selected')).resolves.toBe('true');
    const chart = page.locator('[data-testid="report-chart"][data-column="environment"]');
    await chart.waitFor();
    await expect(chart.locator('caption').textContent()).resolves.toBe('Rows by Environment');
    const counts = await chart.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [row.querySelector('th')?.textContent, row.querySelector('td')?.textContent]));
    expect(counts).toEqual([['PRODUCTION', String(PRODUCTION.length)]]);
    await chart.locator('.report-chart__canvas svg').waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'report-run-charts.png'), fullPage: true });

    // Table: the columns as picked, one row per production server.
    await page.getByRole('tab', { name: 'Table' }).click();
    const table = page.locator('[data-testid="report-rows"]');
    await table.waitFor();
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual(['Hostname', 'Environment', 'Tags']);
    // The rows load after the table's frame: wait for them, then count.
    await page.locator('[data-testid="report-rows-range"]', { hasText: `Rows 1–${PRODUCTION.length} of ${PRODUCTION.length}` }).waitFor();
    await table.locator('[data-testid="report-row"]').nth(PRODUCTION.length - 1).waitFor();
    expect(await table.locator('[data-testid="report-row"]').count()).toBe(PRODUCTION.length);
    const first = table.locator('[data-testid="report-row"]').filter({ hasText: 'rpt-00' });
    await expect(first.locator('td').allTextContents()).resolves.toEqual(['rpt-00', 'PRODUCTION', 'web, eu']);
    await page.screenshot({ path: join(RESULTS_DIR, 'report-run-table.png'), fullPage: true });

    // Info: what it is, in the API's words.
    await page.getByRole('tab', { name: 'Info' }).click();
    await page.locator('[data-testid="report-info-attempts"]').waitFor();
    await expect(page.locator('[data-testid="report-info"]').textContent()).resolves.toContain(String(PRODUCTION.length));
    await expect(page.locator('[data-testid="report-info-attempts"]').textContent()).resolves.toBe('1');

    // The CSV download, fetched with the signed-in user's token: a header of labels, then the rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const records = parseCsv(readFileSync((await download.path())!, 'utf8'), { bom: true }) as string[][];
    expect(records[0]).toEqual(['Hostname', 'Environment', 'Tags']);
    expect(records.slice(1).map((record) => record[0]).sort()).toEqual(PRODUCTION.map((server) => server.hostname).sort());
    expect(records.find((record) => record[0] === 'rpt-00')).toEqual(['rpt-00', 'PRODUCTION', 'web; eu']);
    expect(await page.locator('[data-testid="report-export-error"]').count()).toBe(0);

    // The stable link to the latest result shows this same run.
    await page.goto(`${baseUrl}/reports/${encodeURIComponent(reportId)}/latest`);
    await page.locator(`[data-testid="report-run"][data-run-id="${runId}"][data-status="SUCCEEDED"]`).waitFor();
    await expect(page.locator('[data-testid="report-run-title"]').textContent()).resolves.toBe(name);
    await page.locator('[data-testid="report-chart"][data-column="environment"]').waitFor();

    // The list: its last good run, and what it lists.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
    const row = page.locator(`[data-testid="report-row"][data-name="${name}"]`);
    await expect(row.locator('[data-testid="report-subject"]').textContent()).resolves.toBe('Servers');
    // The list may first show what it held before the run: wait for the run to be there.
    await row.locator('[data-testid="report-last-good-run"]', { hasText: new RegExp(`^${PRODUCTION.length} rows, `) }).waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'reports.png'), fullPage: true });

    // A schedule that e-mails it to me every day: on its page, and among the schedules, as a report's.
    await row.getByRole('link', { name: `Open ${name}` }).click();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    const edit = page.locator('[data-testid="report-form"]');
    await expect(edit.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(name);
    await edit.getByRole('checkbox', { name: 'Run it on a schedule and e-mail the result' }).check();
    await expect(edit.getByRole('checkbox', { name: 'Me (Ada Reporter)' }).isChecked()).resolves.toBe(true);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-timing-preview"] [data-testid="run-time"]').length === 5);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('[data-testid="report-schedule-summary"]', { hasText: 'every day, e-mailed as CSV to 1 recipient' }).waitFor();
    await page.locator('[data-testid="report-next-run"]').waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'report-page.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules', exact: true }).click();
    const scheduled = page.locator('[data-testid="schedule-row"][data-target="REPORT"]');
    await expect(scheduled.locator('[data-testid="schedule-target"]').textContent()).resolves.toBe('Report');
    await expect(scheduled.locator('[data-testid="schedule-timing"]').textContent()).resolves.toBe('every day');
    await page.screenshot({ path: join(RESULTS_DIR, 'report-schedules.png'), fullPage: true });
    await scheduled.getByRole('link', { name, exact: true }).click();
    await page.waitForURL((url) => url.pathname === reportPath);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
