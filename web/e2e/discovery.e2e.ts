import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSubnetsCommand, EC2Client, RegisterImageCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser, requireBuiltDashboard } from './browser.ts';
import { PASSWORD, unique, watchedPage } from './sessions.ts';

/*
 * Discovery from the dashboard, against the run's moto (test/global-setup.ts)
 * in an AWS account of this file's own: a random 12-digit id, reached by
 * assuming a role into it. The connection assumes the same role, so the run
 * sees this file's server and nothing of another file's.
 */

const RESULTS_DIR = join(process.cwd(), 'test-results');
const REGION = 'us-east-1';
const ACCESS_KEY_ID = 'AKIAEXAMPLEEXAMPLE';
const SECRET_ACCESS_KEY = 'secret-secret-secret';
/** Kinds the test leaves on: the rest are unchecked in the form, to keep the run short. */
const KINDS_ON = ['SERVERS', 'VOLUMES', 'NETWORKS', 'OBJECT_STORAGE'];
const KINDS_OFF = ['SNAPSHOTS', 'IMAGES', 'DATABASES', 'LOAD_BALANCERS', 'CDN'];

describe('discovery in a browser', () => {
  const account = String(randomInt(100_000_000_000, 999_999_999_999));
  const roleArn = `arn:aws:iam::${account}:role/MaestroReadOnly`;
  const endpoint = inject('motoUrl');
  let stack: Stack;
  let browser: Browser;
  let baseUrl: string;
  let instanceId = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  /** One server in the account, tagged with a name. */
  async function createServer(name: string): Promise<string> {
    const sts = new STSClient({ region: REGION, endpoint, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY } });
    const assumed = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'e2e-setup' }))).Credentials!;
    const ec2 = new EC2Client({
      region: REGION,
      endpoint,
      credentials: { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken },
    });
    try {
      const image = (await ec2.send(new RegisterImageCommand({ Name: `e2e-${account}`, RootDeviceName: '/dev/sda1' }))).ImageId!;
      const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!;
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: 't3.micro',
          SubnetId: subnet.SubnetId,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
        }),
      );
      return out.Instances![0]!.InstanceId!;
    } finally {
      ec2.destroy();
      sts.destroy();
    }
  }

  async function signUp(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/signup`);
    await page.fill('input[name="name"]', 'Ada Discoverer');
    await page.fill('input[name="email"]', `${unique('discovery')}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(/\/datacenters$/);
  }

  beforeAll(async () => {
    requireBuiltDashboard();
    instanceId = await createServer('web-e2e');
    // Both processes talk to moto (AWS_ENDPOINT_URL, from the test environment). The worker,
    // which runs the discovery jobs, starts once the run's page is open (see below).
    stack = await startStack({ label: 'web-discovery', apis: 1, worker: false });
    baseUrl = stack.apis[0]!.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  it('creates a connection through its form, tests it, runs it live to the end, and shows a discovered server’s source', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    const page = await watchedPage(context, pageErrors, 'owner');
    await signUp(page);

    // Discovery › Connections, from the side navigation: none yet.
    await page.click('nav[aria-label="Main"] >> text="Connections"');
    await page.waitForURL((url) => url.pathname === '/connections');
    await page.locator('[data-testid="no-connections"]').waitFor();

    // The form: the secret is required, and checked before asking the API.
    const name = unique('aws-e2e');
    await page.click('[data-testid="new-connection"]');
    const form = page.locator('[data-testid="connection-form"]');
    await form.locator('[data-testid="connection-name"]').fill(name);
    await form.locator('[data-testid="connection-access-key-id"]').fill(ACCESS_KEY_ID);
    await form.locator('[data-testid="connection-regions"]').fill(REGION);
    await form.locator('[data-testid="connection-submit"]').click();
    await expect(form.locator('[data-testid="error-secretAccessKey"]').textContent()).resolves.toBe('Required');
    await form.locator('[data-testid="connection-secret"]').fill(SECRET_ACCESS_KEY);
    await form.locator('[data-testid="connection-role-arn"]').fill(roleArn);
    // Tested before anything is saved: the provider names the account the role reaches.
    await form.locator('[data-testid="connection-form-test"]').click();
    await expect(form.locator('[data-testid="test-account"]').textContent()).resolves.toBe(account);
    for (const kind of KINDS_OFF) await form.locator(`[data-testid="kind-${kind}"]`).uncheck();
    await form.locator('[data-testid="interval-SERVERS"]').fill('10');
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'discovery-form.png'), fullPage: true });
    await form.locator('[data-testid="connection-submit"]').click();

    // Its page: the settings as saved, the secret never shown back.
    await expect(page.locator('[data-testid="connection-title"]').textContent()).resolves.toBe(name);
    const connectionPath = new URL(page.url()).pathname;
    expect(connectionPath).toMatch(/^\/connections\/[^/]+$/);
    await expect(page.locator('[data-testid="connection-regions-value"]').textContent()).resolves.toBe(REGION);
    await expect(page.locator('[data-testid="connection-secret-state"]').textContent()).resolves.toBe('Stored encrypted, never shown');
    for (const kind of KINDS_ON) expect(await page.locator(`[data-testid="connection-kind"][data-kind="${kind}"]`).getAttribute('data-enabled')).toBe('true');
    for (const kind of KINDS_OFF) expect(await page.locator(`[data-testid="connection-kind"][data-kind="${kind}"]`).getAttribute('data-enabled')).toBe('false');
    expect(await page.content()).not.toContain(SECRET_ACCESS_KEY);
    await page.locator('[data-testid="no-runs"]').waitFor();

    // Tested again as saved.
    await page.click('[data-testid="test-connection"]');
    await expect(page.locator('[data-testid="test-account"]').textContent()).resolves.toBe(account);
    await page.screenshot({ path: join(RESULTS_DIR, 'discovery-connection.png'), fullPage: true });

    // Run now: its page opens while the run waits for a worker (none runs yet), then follows it
    // live, without reloading, to the end: everything after "Queued" comes from the run's events.
    await page.click('[data-testid="run-now"]');
    await page.waitForURL((url) => url.pathname.startsWith(`${connectionPath}/runs/`));
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    const summary = page.locator('[data-testid="run-summary"]');
    await page.locator('[data-testid="run-summary"][data-status="QUEUED"]').waitFor();
    await expect(page.locator('[data-testid="run-jobs"]').textContent()).resolves.toBe('0 of 4 jobs done');
    await stack.startWorker();
    await page.locator('[data-testid="run-summary"][data-status="SUCCEEDED"]').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(Number(await summary.getAttribute('data-live-events'))).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="run-status"]').getAttribute('data-status')).resolves.toBe('SUCCEEDED');
    await expect(page.locator('[data-testid="run-account"]').textContent()).resolves.toBe(account);
    await expect(page.locator('[data-testid="run-jobs"]').textContent()).resolves.toBe('4 of 4 jobs done');
    const servers = page.locator(`[data-testid="run-entry"][data-kind="SERVERS"][data-region="${REGION}"]`);
    expect(await servers.getAttribute('data-status')).toBe('SUCCEEDED');
    await expect(servers.locator('[data-count="found"]').textContent()).resolves.toBe('1');
    await expect(servers.locator('[data-count="created"]').textContent()).resolves.toBe('1');
    await expect(servers.locator('[data-count="attempts"]').textContent()).resolves.toBe('1');
    const entries = page.locator('[data-testid="run-entry"]');
    expect(await entries.count()).toBe(KINDS_ON.length);
    expect(await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).toEqual(KINDS_ON.map(() => 'SUCCEEDED'));
    expect(await page.locator('[data-testid="run-entry-error"]').count()).toBe(0);
    await expect(page.locator('[data-testid="run-totals"]').textContent()).resolves.toMatch(/created/);
    await page.screenshot({ path: join(RESULTS_DIR, 'discovery-run.png'), fullPage: true });

    // Its changes, on the activity page kept to this run: the server it created links to the server's page.
    await page.click('[data-testid="run-activity"]');
    await page.waitForURL((url) => url.pathname === '/activity' && url.searchParams.has('run'));
    await page.locator('[data-testid="run-chip"]').waitFor();
    const created = page.locator('[data-testid="change"][data-operation="CREATE"]', { has: page.locator('a[href^="/servers/"]') });
    await created.first().waitFor();
    await created.first().locator('a[href^="/servers/"]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/servers/'));

    // The server: discovered by the connection, seen by the run just now, the name linked to the connection.
    await page.locator('[data-testid="server-title"]').waitFor();
    const discovered = page.locator('[data-testid="discovered-by"]');
    await page.waitForFunction((text) => document.querySelector('[data-testid="discovered-by"]')?.textContent?.startsWith(text), `Discovered by ${name}, last seen `);
    await expect(discovered.textContent()).resolves.toMatch(/, last seen (just now|\d+ s ago)$/);
    await expect(discovered.locator('[data-testid="discovered-by-connection"]').getAttribute('href')).resolves.toBe(connectionPath);
    await expect(page.locator('[data-section="At the provider"] [data-field="displayName"] dd').first().textContent()).resolves.toBe('web-e2e');
    expect(await page.content()).toContain(instanceId);
    await page.screenshot({ path: join(RESULTS_DIR, 'discovered-server.png'), fullPage: true });

    // Back on the list: the connection with its last run.
    await page.click('nav[aria-label="Main"] >> text="Connections"');
    const row = page.locator(`[data-testid="connection-row"][data-name="${name}"]`);
    await row.locator('[data-testid="last-run"] [data-status="SUCCEEDED"]').waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'discovery-connections.png'), fullPage: true });

    // Its page lists the run. An edit leaves the secret box empty, and empty keeps the stored secret: the test still passes.
    await row.locator(`a[href="${connectionPath}"]`).click();
    await page.locator('[data-testid="runs-table"] [data-testid="run-row"][data-status="SUCCEEDED"]').waitFor();
    await page.click('[data-testid="edit-connection"]');
    const edit = page.locator('[data-testid="connection-form"]');
    await expect(edit.locator('[data-testid="connection-secret"]').inputValue()).resolves.toBe('');
    await expect(edit.locator('[data-testid="connection-regions"]').inputValue()).resolves.toBe(REGION);
    await edit.locator('[data-testid="kind-OBJECT_STORAGE"]').uncheck();
    await edit.locator('[data-testid="connection-submit"]').click();
    await page.locator('[data-testid="connection-kind"][data-kind="OBJECT_STORAGE"][data-enabled="false"]').waitFor();
    await expect(page.locator('[data-testid="connection-secret-state"]').textContent()).resolves.toBe('Stored encrypted, never shown');
    await page.click('[data-testid="test-connection"]');
    await expect(page.locator('[data-testid="test-account"]').textContent()).resolves.toBe(account);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
