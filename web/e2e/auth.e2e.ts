import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp.ts';
import { gql, startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser } from './browser.ts';

const RESULTS_DIR = join(process.cwd(), 'test-results');
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase';

function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** The token of the reset link in an e-mail body. */
function resetToken(text: string): string {
  const match = /\/reset-password\?token=([^\s>]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no reset link in the e-mail:\n${text}`);
  return decodeURIComponent(match[1]);
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('[data-testid="login-submit"]');
}

async function logOut(page: Page): Promise<void> {
  await page.click('[data-testid="user-menu-button"]');
  await page.click('[data-testid="logout"]');
  await page.waitForURL(/\/login(\?|$)/);
  await page.waitForSelector('[data-testid="signed-out"]');
}

describe('accounts, teams and access in a browser', () => {
  let stack: Stack;
  let smtp: SmtpSink;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) {
      throw new Error('web/dist is missing: run `npm run build:web` first');
    }
    smtp = await startSmtpSink();
    stack = await startStack({ label: 'web-auth', apis: 1, worker: true, env: { SMTP_URL: smtp.url } });
    const api = stack.apis[0];
    if (!api) throw new Error('the stack started no API process');
    baseUrl = api.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await smtp?.close();
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

  it('signs up, shares a datacenter with a team, signs out and in, and resets the password by e-mail', async () => {
    const email = uniqueEmail('ada');
    const name = 'Ada Lovelace';
    const teamName = `Platform ${Date.now() % 10_000}`;
    await withPage(async (page) => {
      // Sign up: lands signed in, with the name in the header.
      await page.goto(`${baseUrl}/signup`);
      await page.fill('input[name="name"]', name);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('[data-testid="signup-submit"]');
      await expect(page.locator('[data-testid="user-name"]').textContent()).resolves.toBe(name);
      await page.waitForURL(/\/datacenters$/);

      // A team.
      await page.click('nav[aria-label="Main"] >> text=Teams');
      await page.fill('[data-testid="team-name-input"]', teamName);
      await page.click('[data-testid="create-team-submit"]');
      await expect(page.locator('[data-testid="team-title"]').textContent()).resolves.toBe(teamName);
      expect(await page.locator('[data-testid="member-row"]').count()).toBe(1);

      // A datacenter.
      await page.click('nav[aria-label="Main"] >> text=Inventory');
      await page.waitForSelector('[data-testid="datacenters-empty"]');
      await page.click('[data-testid="new-datacenter"]');
      const form = page.locator('[data-testid="datacenter-form"]');
      await form.locator('input[name="name"]').fill('Frankfurt');
      await form.locator('select[name="provider"]').selectOption('AWS');
      await form.locator('input[name="regions"]').fill('eu-central-1');
      await form.locator('input[name="zones"]').fill('eu-central-1a, eu-central-1b');
      await form.locator('input[name="tags"]').fill('production, e2e');
      await form.locator('[data-testid="datacenter-submit"]').click();
      await expect(page.locator('[data-testid="datacenter-title"]').textContent()).resolves.toBe('Frankfurt');
      const datacenterPath = new URL(page.url()).pathname;

      // The access panel: the creator is admin; grant the team READ and see it listed.
      const panel = page.locator('[data-testid="access-panel"]');
      await panel.locator('[data-testid="access-row"][data-principal="User"][data-role="ADMIN"]').waitFor();
      await panel.locator('[data-testid="grantee-team"]').check();
      await panel.locator('[data-testid="grant-team"]').selectOption({ label: teamName });
      await panel.locator('[data-testid="grant-role"]').selectOption('READ');
      await panel.locator('[data-testid="grant-submit"]').click();
      await panel.locator(`[data-testid="access-row"][data-principal="Team"][data-role="READ"][data-name="${teamName}"]`).waitFor();
      expect(await panel.locator('[data-testid="access-row"]').count()).toBe(2);
      // Granting to an unknown e-mail is refused next to the field.
      await panel.locator('[data-testid="grantee-user"]').check();
      await panel.locator('[data-testid="grant-email"]').fill(uniqueEmail('nobody'));
      await panel.locator('[data-testid="grant-submit"]').click();
      await expect(panel.locator('[data-testid="error-userEmail"]').textContent()).resolves.toContain('No account');
      mkdirSync(RESULTS_DIR, { recursive: true });
      await panel.screenshot({ path: join(RESULTS_DIR, 'access-panel.png') });

      // The header's search finds it and leads to its page.
      await page.click('nav[aria-label="Main"] >> text=Teams');
      await page.fill('[data-testid="global-search"]', 'frank');
      await page.locator('[data-testid="search-result"]').first().click();
      await page.waitForURL((url) => url.pathname === datacenterPath);

      // In the team's workspace, what is created belongs to the team.
      await page.locator('[data-testid="workspace-switcher"]').selectOption({ label: teamName });
      await page.click('nav[aria-label="Main"] >> text=Inventory');
      await page.click('[data-testid="new-datacenter"]');
      await form.locator('input[name="name"]').fill('Dublin');
      await form.locator('select[name="provider"]').selectOption('BARE_METAL');
      await form.locator('[data-testid="datacenter-submit"]').click();
      await expect(page.locator('[data-testid="datacenter-title"]').textContent()).resolves.toBe('Dublin');
      const owner = page.locator('.details > div', { has: page.locator('dt', { hasText: 'Owner' }) }).locator('dd');
      await expect(owner.textContent()).resolves.toContain(teamName);
      await page.locator('[data-testid="access-row"][data-principal="Team"][data-role="ADMIN"]').waitFor();

      // Log out: back to the sign-in page; protected pages send there.
      await logOut(page);
      await page.goto(`${baseUrl}/teams`);
      await page.waitForURL(/\/login\?next=%2Fteams$/);

      // Log in again: back where we were heading.
      await signIn(page, email, PASSWORD);
      await page.waitForURL(/\/teams$/);
      await expect(page.locator('[data-testid="user-name"]').textContent()).resolves.toBe(name);
      await logOut(page);

      // Forgot the password: the e-mail's link opens the reset page.
      await page.click('text=Forgot your password?');
      // The sign-in form has an e-mail field too: fill the one of the reset form.
      await page.waitForSelector('form[aria-label="Reset your password"]');
      await page.fill('input[name="email"]', email);
      await page.click('[data-testid="forgot-submit"]');
      await page.waitForSelector('[data-testid="reset-sent"]');
      const mail = await smtp.waitFor(email);
      expect(mail.subject).toMatch(/reset/i);
      const token = resetToken(mail.text);
      await page.goto(`${baseUrl}/reset-password?token=${encodeURIComponent(token)}`);
      await page.fill('input[name="newPassword"]', NEW_PASSWORD);
      await page.fill('input[name="repeatPassword"]', NEW_PASSWORD);
      await page.click('[data-testid="reset-submit"]');
      await page.waitForURL(/\/login$/);
      await page.waitForSelector('text=Your password was changed');

      // The old password no longer works; the new one does.
      await signIn(page, email, PASSWORD);
      await expect(page.locator('[data-testid="form-error"]').textContent()).resolves.toContain('Wrong e-mail or password');
      await signIn(page, email, NEW_PASSWORD);
      await expect(page.locator('[data-testid="user-name"]').textContent()).resolves.toBe(name);
      await page.waitForURL(/\/datacenters$/);
      await page.locator('[data-testid="datacenter-row"]').nth(1).waitFor();
      expect(await page.locator('[data-testid="datacenter-row"]').count()).toBe(2);
      await expect(page.locator('[data-testid="datacenters-total"]').textContent()).resolves.toBe('2 in total');
    });
  }, 60_000);

  it('sends a browser with unusable tokens to sign in, saying the session ended', async () => {
    await withPage(async (page) => {
      for (const expiresAt of [new Date(Date.now() + 10 * 60_000).toISOString(), null]) {
        await page.goto(`${baseUrl}/status`);
        await page.evaluate((expiry) => {
          localStorage.setItem('maestro.accessToken', 'not-a-token');
          localStorage.setItem('maestro.refreshToken', 'not-a-refresh-token');
          if (expiry) localStorage.setItem('maestro.accessTokenExpiresAt', expiry);
          else localStorage.removeItem('maestro.accessTokenExpiresAt');
        }, expiresAt);
        await page.goto(`${baseUrl}/datacenters`);
        await page.waitForURL(/\/login\?next=%2Fdatacenters$/);
        await page.waitForSelector('[data-testid="session-ended"]');
        const left = await page.evaluate(() => [localStorage.getItem('maestro.accessToken'), localStorage.getItem('maestro.refreshToken')]);
        expect(left).toEqual([null, null]);
      }
    });
  }, 60_000);

  it('shows what the API refuses next to the field it is about', async () => {
    const email = uniqueEmail('taken');
    const created = await gql(baseUrl, 'mutation($input: SignupInput!) { signup(input: $input) { user { id } } }', {
      input: { email, password: PASSWORD, name: 'First' },
    });
    expect(created.errors).toBeUndefined();
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/signup`);
      await page.fill('input[name="name"]', 'Second');
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('[data-testid="signup-submit"]');
      await expect(page.locator('[data-testid="error-email"]').textContent()).resolves.toContain('already exists');
      expect(await page.getAttribute('input[name="email"]', 'aria-invalid')).toBe('true');
      expect(await page.locator('[data-testid="form-error"]').count()).toBe(0);
    });
  }, 30_000);
});
