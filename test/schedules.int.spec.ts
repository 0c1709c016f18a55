import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSchedulerId } from '../server/src/modules/schedules/schedule.service.ts';
import { fromGlobalId } from '../server/src/shared/ids.ts';
import { gql, startApi, startStack, startWorker, type ManagedProcess, type Stack } from './support/stack.ts';
import { until } from './support/live.ts';

/*
 * Custom HTTP schedules in real processes: two API processes and two
 * workers, schedules ticking every 2 "minutes" (a minute lasts a second
 * here: SCHEDULE_MINUTE_MS, tests only), calls to a server this test runs on
 * loopback, which the stack's allow-list opens (OUTBOUND_ALLOW=127.0.0.1/32).
 */

const MINUTE_MS = 1000;
const SECRET = `key-${randomBytes(12).toString('hex')}`;
const SCHEDULE_FIELDS = 'id name enabled intervalMinutes cron timezone secretHeaderNames http { method url headers { name value } } nextRunAt nextRuns(count: 3)';
const RUNS = 'query($id: ID!) { schedule(id: $id) { lastRun { status } runs(first: 100) { id trigger status startedAt durationMs httpStatus bodyStart error } } }';

interface Run {
  id: string;
  trigger: string;
  status: string;
  startedAt: string;
  durationMs: number | null;
  httpStatus: number | null;
  bodyStart: string | null;
  error: string | null;
}

describe('HTTP schedules', () => {
  let stack: Stack;
  const extra: ManagedProcess[] = [];
  let server: Server;
  let base = '';
  const hits: Array<{ path: string; method: string; headers: IncomingMessage['headers']; body: string }> = [];
  /** Answers held until the test lets them go. */
  const held: ServerResponse[] = [];
  let owner = '';
  let stranger = '';
  let redis: Redis;
  let queue: Queue;

  const api = () => stack.apis[0]!.url;
  const call = <T>(token: string, query: string, variables: Record<string, unknown> = {}) => gql<T>(api(), query, variables, { authorization: `Bearer ${token}` });

  async function signUp(name: string): Promise<string> {
    const email = `${name}-${randomBytes(4).toString('hex')}@example.com`;
    const answer = await gql<{ signup: { accessToken: string } }>(api(), 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', { i: { email, password: 'correct horse battery staple', name } });
    return answer.data!.signup.accessToken;
  }

  async function create(input: Record<string, unknown>, token = owner): Promise<{ id: string; nextRunAt: string | null; nextRuns: string[]; secretHeaderNames: string[] }> {
    const answer = await call<{ createSchedule: { id: string; nextRunAt: string | null; nextRuns: string[]; secretHeaderNames: string[] } }>(
      token,
      `mutation($i: ScheduleInput!) { createSchedule(input: $i) { ${SCHEDULE_FIELDS} } }`,
      { i: { intervalMinutes: 60, ...input } },
    );
    if (!answer.data) throw new Error(`createSchedule failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.createSchedule;
  }

  async function runsOf(id: string, token = owner): Promise<Run[]> {
    const answer = await call<{ schedule: { runs: Run[] } | null }>(token, RUNS, { id });
    return (answer.data?.schedule?.runs ?? []).slice().sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        hits.push({ path, method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (path.startsWith('/slow')) {
          held.push(res);
          return;
        }
        if (path.startsWith('/fail')) {
          res.writeHead(500).end('broken');
          return;
        }
        if (path.startsWith('/redirect-private')) {
          res.writeHead(302, { location: `http://127.0.0.2:${(server.address() as { port: number }).port}/ok` }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`pong ${path}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    stack = await startStack({ label: 'schedules', apis: 1, worker: true, env: { SCHEDULE_MINUTE_MS: String(MINUTE_MS), OUTBOUND_ALLOW: '127.0.0.1/32', LOG_LEVEL: 'debug' } });
    stack.apis.push(await startApi(stack.env, `schedules-api-b-${Date.now()}`));
    extra.push(await startWorker(stack.env, `schedules-worker-b-${Date.now()}`));
    redis = new Redis(stack.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue('maintenance', { connection: redis, prefix: `${stack.env.REDIS_PREFIX}:bull` });
    owner = await signUp('owner');
    stranger = await signUp('stranger');
  }, 120_000);

  afterAll(async () => {
    for (const res of held) res.end();
    await queue?.close();
    redis?.disconnect();
    for (const p of extra) await p.stop();
    await stack?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('calls on its interval, once a tick with two APIs and two workers, with its headers and sealed secret', async () => {
    const schedule = await create({
      name: 'ping',
      method: 'POST',
      url: `${base}/ping`,
      headers: [{ name: 'x-team', value: 'ops' }],
      secretHeaders: [{ name: 'x-api-key', value: SECRET }],
      body: '{"hello":"world"}',
      intervalMinutes: 2,
    });
    expect(schedule.secretHeaderNames).toEqual(['x-api-key']);
    expect(schedule.nextRuns).toHaveLength(3);
    let runs: Run[] = [];
    await until(async () => (runs = (await runsOf(schedule.id)).filter((r) => r.status !== 'RUNNING')).length >= 3, 'three runs', 60_000);
    expect(runs.every((r) => r.trigger === 'SCHEDULE' && r.status === 'SUCCEEDED' && r.httpStatus === 200 && r.bodyStart === 'pong /ping')).toBe(true);
    // Each tick once: no two runs a few milliseconds apart, and as many calls as runs.
    for (let i = 1; i < runs.length; i += 1) expect(Date.parse(runs[i]!.startedAt) - Date.parse(runs[i - 1]!.startedAt)).toBeGreaterThanOrEqual(MINUTE_MS);
    const pings = hits.filter((h) => h.path === '/ping');
    expect(pings.length).toBe((await runsOf(schedule.id)).filter((r) => r.status !== 'SKIPPED').length);
    expect(pings[0]).toMatchObject({ method: 'POST', body: '{"hello":"world"}', headers: expect.objectContaining({ 'x-team': 'ops', 'x-api-key': SECRET }) });
    // Paused: its scheduler goes.
    const paused = await call(owner, 'mutation($id: ID!) { updateSchedule(id: $id, input: { enabled: false }) { enabled nextRunAt } }', { id: schedule.id });
    expect(paused.data).toEqual({ updateSchedule: { enabled: false, nextRunAt: null } });
    expect(await queue.getJobScheduler(httpSchedulerId(fromGlobalId(schedule.id).id.toHexString()))).toBeUndefined();
  }, 120_000);

  it('runs follow-ups after success and after failure', async () => {
    const onOk = await create({ name: 'after-ok', url: `${base}/after-ok` });
    const onBad = await create({ name: 'after-bad', url: `${base}/after-bad` });
    const good = await create({ name: 'good', url: `${base}/good`, onSuccess: [onOk.id], onFailure: [onBad.id] });
    const bad = await create({ name: 'bad', url: `${base}/fail`, expectedStatus: [200], onSuccess: [onOk.id], onFailure: [onBad.id] });
    for (const s of [good, bad]) expect((await call(owner, 'mutation($id: ID!) { runSchedule(id: $id) }', { id: s.id })).errors).toBeUndefined();
    await until(async () => (await runsOf(onOk.id)).some((r) => r.status === 'SUCCEEDED') && (await runsOf(onBad.id)).some((r) => r.status === 'SUCCEEDED'), 'both follow-ups', 30_000);
    const [badRun] = await runsOf(bad.id);
    expect(badRun).toMatchObject({ trigger: 'MANUAL', status: 'FAILED', httpStatus: 500, bodyStart: 'broken', error: 'Answered 500, expected 200.' });
    // One follow-up each: the good run led to after-ok, the bad one to after-bad.
    expect((await runsOf(onOk.id)).map((r) => r.trigger)).toEqual(['FOLLOW_UP']);
    expect((await runsOf(onBad.id)).map((r) => r.trigger)).toEqual(['FOLLOW_UP']);
  }, 60_000);

  it('refuses private addresses the allow-list does not open: in the URL, and on a redirect', async () => {
    const refused = await call(owner, 'mutation($i: ScheduleInput!) { createSchedule(input: $i) { id } }', { i: { name: 'metadata', url: 'http://169.254.169.254/latest/meta-data/', intervalMinutes: 5 } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'input.url' })] });
    // Bad input is named field by field, the secret header's too, and nothing is created.
    const bad = await call(owner, 'mutation($i: ScheduleInput!) { createSchedule(input: $i) { id } }', {
      i: { name: 'invalid', url: `${base}/x`, cron: 'every day', timezone: 'Mars/Olympus', secretHeaders: [{ name: 'bad header', value: 'v' }] },
    });
    expect((bad.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path).sort()).toEqual(['input.cron', 'input.secretHeaders.0.name', 'input.timezone']);
    expect(((await call<{ schedules: Array<{ name: string }> }>(owner, '{ schedules { name } }')).data?.schedules ?? []).map((s) => s.name)).not.toContain('invalid');
    const redirect = await create({ name: 'redirect', url: `${base}/redirect-private` });
    const before = hits.filter((h) => h.path === '/ok').length;
    await call(owner, 'mutation($id: ID!) { runSchedule(id: $id) }', { id: redirect.id });
    let runs: Run[] = [];
    await until(async () => (runs = await runsOf(redirect.id)).some((r) => r.status === 'FAILED'), 'the redirect to be refused', 30_000);
    expect(runs[0]!.error).toMatch(/127\.0\.0\.2/);
    expect(hits.filter((h) => h.path === '/ok').length).toBe(before);
  }, 60_000);

  it('bounds what schedules can make it do: once a minute at most, a fan-out of follow-ups stops, "run now" is limited', async () => {
    const seconds = await call(owner, 'mutation($i: ScheduleInput!) { createSchedule(input: $i) { id } }', { i: { name: 'every-second', url: `${base}/s`, cron: '* * * * * *' } });
    expect(seconds.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'input.cron' })] });
    expect((await call(owner, '{ cronPreview(cron: "* * * * * *") }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await call<{ cronPreview: string[] }>(owner, '{ cronPreview(cron: "0 3 * * *", timezone: "Europe/Paris", count: 2) }')).data?.cronPreview).toHaveLength(2);

    // Eight schedules, each following up all the others on success: without a bound, 7^10 calls.
    const user = await signUp('fanout');
    const fan: string[] = [];
    for (let i = 0; i < 8; i += 1) fan.push((await create({ name: `fan-${i}`, url: `${base}/fan/${i}` }, user)).id);
    for (const id of fan) {
      const others = fan.filter((other) => other !== id);
      expect((await call(user, 'mutation($id: ID!, $i: ScheduleInput!) { updateSchedule(id: $id, input: $i) { id } }', { id, i: { onSuccess: others } })).errors).toBeUndefined();
    }
    await call(user, 'mutation($id: ID!) { runSchedule(id: $id) }', { id: fan[0] });
    // It stops: no run of these schedules waiting or running any more (their own ticks are an hour away), and a bounded number of calls.
    const fanIds = new Set(fan.map((id) => fromGlobalId(id).id.toHexString()));
    await until(async () => {
      const pending = (await queue.getJobs(['waiting', 'active', 'prioritized'])).filter((j) => j?.name === 'scheduleTick' && fanIds.has((j.data as { scheduleId: string }).scheduleId));
      return hits.filter((h) => h.path.startsWith('/fan/')).length > 1 && pending.length === 0;
    }, 'the fan-out to stop', 60_000);
    const calls = hits.filter((h) => h.path.startsWith('/fan/')).length;
    expect(calls).toBeGreaterThan(8);
    // The first run, and at most 50 follow-ups, all told.
    expect(calls).toBeLessThanOrEqual(51);

    // "Run now" is a call out: 30 a minute per person.
    const codes: unknown[] = [];
    for (let i = 0; i < 31; i += 1) codes.push((await call(user, 'mutation($id: ID!) { runSchedule(id: $id) }', { id: fan[1] })).errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(1);
    for (const id of fan) await call(user, 'mutation($id: ID!) { updateSchedule(id: $id, input: { onSuccess: [] }) { id } }', { id });
  }, 120_000);

  it('skips a tick while the last run is still going', async () => {
    const slow = await create({ name: 'slow', url: `${base}/slow`, intervalMinutes: 1, timeoutMs: 20_000 });
    let runs: Run[] = [];
    await until(async () => (runs = await runsOf(slow.id)).some((r) => r.status === 'SKIPPED'), 'a skipped tick', 60_000);
    expect(runs[0]!.status).toBe('RUNNING');
    expect(runs.find((r) => r.status === 'SKIPPED')!.error).toBe('Skipped: the previous run of this schedule is still going.');
    await call(owner, 'mutation($id: ID!) { updateSchedule(id: $id, input: { enabled: false }) { id } }', { id: slow.id });
    for (const res of held.splice(0)) res.writeHead(200).end('late');
    await until(async () => (await runsOf(slow.id))[0]!.status === 'SUCCEEDED', 'the slow run to end', 30_000);
    expect(hits.filter((h) => h.path === '/slow')).toHaveLength(1);
  }, 90_000);

  it('shows schedules to their readers only, and never the secret', async () => {
    const mine = await create({ name: 'private', url: `${base}/private`, secretHeaders: [{ name: 'authorization', value: `Bearer ${SECRET}` }] });
    expect((await call<{ schedule: unknown }>(stranger, 'query($id: ID!) { schedule(id: $id) { id } }', { id: mine.id })).data?.schedule).toBeNull();
    expect((await call<{ schedules: unknown[] }>(stranger, '{ schedules { id } }')).data?.schedules).toEqual([]);
    expect((await call(stranger, 'mutation($id: ID!) { runSchedule(id: $id) }', { id: mine.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await call(stranger, 'mutation($id: ID!) { updateSchedule(id: $id, input: { url: "https://example.com" }) { id } }', { id: mine.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // A follow-up must be a schedule you may change.
    const theirs = await call(stranger, 'mutation($i: ScheduleInput!) { createSchedule(input: $i) { id } }', { i: { name: 'hijack', url: 'https://example.com/', intervalMinutes: 60, onSuccess: [mine.id] } });
    expect(theirs.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.onSuccess.0', message: 'is not a schedule you can change' }] });
    const listed = await call(owner, `{ schedules { ${SCHEDULE_FIELDS} } }`);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    const history = await call(owner, 'query($id: ID!) { history(id: $id) { edges { node { operation diff { path before after } } } } }', { id: mine.id });
    expect(history.errors).toBeUndefined();
    expect(JSON.stringify(history)).not.toContain(SECRET);
    const logDir = join(process.cwd(), 'test-results', 'logs');
    for (const file of readdirSync(logDir).filter((f) => f.startsWith('schedules'))) expect(readFileSync(join(logDir, file), 'utf8')).not.toContain(SECRET);
  });
});
