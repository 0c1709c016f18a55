import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp.ts';
import { gql, startStack, type Stack } from '../../test/support/stack.ts';
import { launchBrowser, requireBuiltDashboard } from './browser.ts';
import { contextSignedInAs, signUpThroughApi, unique, watchedPage } from './sessions.ts';

const RESULTS_DIR = join(process.cwd(), 'test-results');

describe('team invitations in a browser', () => {
  let stack: Stack;
  let smtp: SmtpSink;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltDashboard();
    smtp = await startSmtpSink();
    // The worker sends the invitation e-mail.
    stack = await startStack({ label: 'web-teams', apis: 1, worker: true, env: { SMTP_URL: smtp.url } });
    baseUrl = stack.apis[0]!.url;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
    await smtp?.close();
  });

  it('invites by e-mail; the invitee accepts from the e-mailed link and shows among the members', async () => {
    const admin = await signUpThroughApi(baseUrl, 'Grace Admin', 'teams');
    const invitee = await signUpThroughApi(baseUrl, 'Alan Invitee', 'teams');
    const teamName = unique('Ops');
    const created = await gql<{ createTeam: { id: string } }>(baseUrl, 'mutation($n: String!) { createTeam(input: { name: $n }) { id } }', { n: teamName }, {
      authorization: `Bearer ${admin.accessToken}`,
    });
    const teamId = created.data!.createTeam.id;
    const inviteeEmail = invitee.user.email!;

    // The admin invites the address, as WRITE: a pending invitation shows what they typed, and no new member.
    const adminContext = await contextSignedInAs(browser, admin);
    contexts.push(adminContext);
    const adminPage = await watchedPage(adminContext, pageErrors, 'admin');
    await adminPage.goto(`${baseUrl}/teams/${encodeURIComponent(teamId)}`);
    await expect(adminPage.locator('[data-testid="team-title"]').textContent()).resolves.toBe(teamName);
    await adminPage.waitForSelector('[data-testid="no-invitations"]');
    await adminPage.fill('[data-testid="invite-email"]', inviteeEmail);
    await adminPage.locator('[data-testid="invite-role"]').selectOption('WRITE');
    await adminPage.click('[data-testid="invite-submit"]');
    await adminPage.waitForSelector('[data-testid="invite-sent"]');
    const pending = adminPage.locator('[data-testid="invitation-row"]');
    await pending.waitFor();
    await expect(pending.locator('th').textContent()).resolves.toBe(inviteeEmail);
    expect(await adminPage.locator('[data-testid="member-row"]').count()).toBe(1);

    // The invitee gets the e-mail, follows its link, and accepts.
    const mail = await smtp.waitFor(inviteeEmail);
    expect(mail.subject).toBe(`Grace Admin invited you to the team ${teamName} on Maestro`);
    const link = /(https?:\/\/\S+\/invitations)\b/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const inviteeContext = await contextSignedInAs(browser, invitee);
    contexts.push(inviteeContext);
    const inviteePage = await watchedPage(inviteeContext, pageErrors, 'invitee');
    await inviteePage.goto(`${baseUrl}${new URL(link!).pathname}`);
    const row = inviteePage.locator(`[data-testid="my-invitation-row"][data-team="${teamName}"]`);
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Grace Admin');
    await row.locator('[data-testid="accept-invitation"]').click();
    await inviteePage.waitForURL((url) => url.pathname === `/teams/${encodeURIComponent(teamId)}`);
    await expect(inviteePage.locator('[data-testid="team-title"]').textContent()).resolves.toBe(teamName);
    await inviteePage.locator('[data-testid="member-row"]').nth(1).waitFor();

    // The admin now sees the new member, with their e-mail, and no pending invitation.
    await adminPage.reload();
    const members = adminPage.locator('[data-testid="member-row"]');
    await members.nth(1).waitFor();
    const newMember = members.filter({ hasText: 'Alan Invitee' });
    await expect(newMember.locator('td').first().textContent()).resolves.toBe(inviteeEmail);
    await adminPage.waitForSelector('[data-testid="no-invitations"]');
    mkdirSync(RESULTS_DIR, { recursive: true });
    await adminPage.screenshot({ path: join(RESULTS_DIR, 'team-invitations.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
