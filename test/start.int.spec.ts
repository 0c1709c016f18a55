import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, portIsOpen, stopChild } from '../scripts/lib/services.ts';
import { testEnv } from './support/env.ts';
import { until } from './support/live.ts';
import { gql } from './support/stack.ts';

interface InboxMail {
  subject: string;
  to: Array<{ address: string }>;
  text: string;
}

describe('npm start without SMTP_URL', () => {
  let start: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'maestro-start-'));

  afterAll(async () => {
    if (start) await stopChild(start, 20_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a mail catcher whose web inbox, on loopback, shows the e-mails Maestro sends; Ctrl-C stops it', async () => {
    const port = await freePort();
    // The test's own database and Redis, so that only the mail catcher is new; no SMTP_URL.
    const { MONGO_URL, REDIS_URL, REDIS_PREFIX } = testEnv('start');
    start = spawn(process.execPath, ['scripts/start.ts'], {
      env: { PATH: process.env.PATH ?? '', MONGO_URL, REDIS_URL, REDIS_PREFIX, PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn', MAESTRO_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

    const inboxLine = () => /e-mail inbox: (http:\/\/localhost:\d+)/.exec(output)?.[1];
    await until(() => inboxLine() !== undefined, 'the inbox URL among the others', 60_000);
    const inboxUrl = inboxLine()!.replace('localhost', '127.0.0.1');
    const api = `http://127.0.0.1:${port}`;
    expect(output).toContain(`Maestro is running at http://localhost:${port}`);

    const email = `forgetful-${Date.now()}@example.com`;
    const signedUp = await gql(api, 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', { i: { email, password: 'correct horse battery staple', name: 'Forgetful' } });
    expect(signedUp.errors).toBeUndefined();
    expect(await gql(api, 'mutation($e: String!) { requestPasswordReset(email: $e) }', { e: email })).toEqual({ data: { requestPasswordReset: true } });

    // A person opens the inbox in a browser; its page lists what the API below it holds.
    const page = await fetch(inboxUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('MailDev');
    const inboxMail = async () => ((await (await fetch(`${inboxUrl}/api/email`)).json()) as InboxMail[]).find((m) => m.to.some((t) => t.address === email));
    await until(async () => (await inboxMail()) !== undefined, 'the reset e-mail in the inbox', 30_000);
    const mail = (await inboxMail())!;
    expect(mail.subject).toBe('Reset your Maestro password');
    expect(mail.text).toContain(`http://localhost:${port}/reset-password?token=`);

    // Ctrl-C: everything it started stops, the inbox with it.
    const inboxPort = Number(new URL(inboxUrl).port);
    const exited = new Promise<number | null>((resolve) => start!.once('exit', (code) => resolve(code)));
    start.kill('SIGINT');
    expect(await exited).toBe(0);
    start = undefined;
    expect(await portIsOpen(inboxPort)).toBe(false);
    expect(await portIsOpen(port)).toBe(false);
  }, 120_000);
});
