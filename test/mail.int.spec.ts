import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/lib/services.ts';
import { until } from './support/live.ts';
import { commandsBetween, mongoCommands } from './support/metrics.ts';
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

/** The commands `run` made the API process issue. */
async function commandsDuring(api: ApiProcess, run: () => Promise<unknown>): Promise<{ result: unknown; commands: Record<string, number> }> {
  const before = await mongoCommands(api.url);
  const result = await run();
  return { result, commands: commandsBetween(before, await mongoCommands(api.url)) };
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

  it('answers a reset request for a known and an unknown address identically, doing the same work for both', async () => {
    const api = stack.apis[0]!;
    const answers: Array<{ result: unknown; commands: Record<string, number> }> = [];
    // A fresh address each time (requests are limited per address).
    for (let i = 0; i < 3; i += 1) {
      const email = await signUp(api, `known${i}`);
      answers.push(await commandsDuring(api, () => gql(api.url, REQUEST_RESET, { e: email })));
      answers.push(await commandsDuring(api, () => gql(api.url, REQUEST_RESET, { e: `unknown${i}-${randomUUID()}@example.com` })));
    }
    // The same answer, and no look-up of the address by the API: the worker does that, after the answer.
    // With the same work either way, the time of the answer cannot tell the two apart either.
    for (const answer of answers) expect(answer).toEqual({ result: { data: { requestPasswordReset: true } }, commands: {} });
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
