import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/lib/services.ts';
import { until } from './support/live.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp.ts';
import { gql, startStack, type ApiProcess, type Stack } from './support/stack.ts';

const REQUEST_RESET = 'mutation($e: String!) { requestPasswordReset(email: $e) }';
const RESET = 'mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, newPassword: $p }) }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken } }';

async function signUp(api: ApiProcess, name: string): Promise<string> {
  const email = `${name}-${randomUUID()}@example.com`;
  const result = await gql(api.url, 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', {
    i: { email, password: 'correct horse battery staple', name },
  });
  if (result.errors) throw new Error(`signup failed: ${JSON.stringify(result.errors)}`);
  return email;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('e-mail is sent by the worker, whatever the mail server does', () => {
  let stack: Stack;
  let smtpPort: number;
  let smtp: SmtpSink | undefined;

  beforeAll(async () => {
    // Nothing listens on this port yet: the mail server is down.
    smtpPort = await freePort();
    stack = await startStack({ label: 'mail', apis: 1, worker: true, env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
  });
  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  it('answers a reset request for a known and an unknown address identically, in about the same time', async () => {
    const api = stack.apis[0]!;
    const known: Array<{ result: unknown; ms: number }> = [];
    const unknown: Array<{ result: unknown; ms: number }> = [];
    // Interleaved, a fresh address each time (requests are limited per address).
    for (let i = 0; i < 5; i += 1) {
      const email = await signUp(api, `known${i}`);
      known.push(await timed(() => gql(api.url, REQUEST_RESET, { e: email })));
      unknown.push(await timed(() => gql(api.url, REQUEST_RESET, { e: `unknown${i}-${randomUUID()}@example.com` })));
    }
    for (const answer of [...known, ...unknown]) expect(answer.result).toEqual({ data: { requestPasswordReset: true } });
    // The same work either way (a rate limit and a job): no more than noise between them.
    expect(Math.abs(median(known.map((k) => k.ms)) - median(unknown.map((u) => u.ms)))).toBeLessThan(100);
  });

  it('answers true while the mail server is down, logs the failure, and delivers when it comes up', async () => {
    const api = stack.apis[0]!;
    const worker = stack.worker!;
    const email = await signUp(api, 'patient');
    const failuresBefore = worker.output.filter((line) => line.includes('job failed')).length;
    expect(await gql(api.url, REQUEST_RESET, { e: email })).toEqual({ data: { requestPasswordReset: true } });

    // The worker tried, failed, and says so in its log (without the address), for a retry.
    await until(() => worker.output.filter((line) => line.includes('job failed')).length > failuresBefore, 'a failed delivery in the log');
    const failure = worker.output.filter((line) => line.includes('job failed')).at(-1)!;
    expect(JSON.parse(failure)).toMatchObject({ level: 40, msg: 'job failed; it will be retried', queue: 'mail', job: 'passwordResetMail' });
    expect(failure).not.toContain(email);

    // The mail server comes up: the retry delivers a link that works.
    smtp = await startSmtpSink(smtpPort);
    const mail = await smtp.waitFor(email, 30_000);
    expect(mail.subject).toBe('Reset your Maestro password');
    const token = decodeURIComponent(/reset-password\?token=(\S+)/.exec(mail.text)![1]!);
    expect(await gql(api.url, RESET, { t: token, p: 'a fresh new password' })).toEqual({ data: { resetPassword: true } });
    expect((await gql(api.url, LOGIN, { e: email, p: 'a fresh new password' })).errors).toBeUndefined();
  }, 60_000);
});
