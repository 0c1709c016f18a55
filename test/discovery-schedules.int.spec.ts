import { randomBytes, randomInt } from 'node:crypto';
import { DescribeSubnetsCommand, RegisterImageCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startApi, startStack, startWorker, type ManagedProcess, type Stack } from './support/stack.ts';
import { until } from './support/live.ts';
import { awsClients, credentialsIn, roleIn } from './support/aws.ts';
import { tickSchedulerId } from '../server/src/modules/discovery/discovery-schedules.ts';
import { fromGlobalId } from '../server/src/shared/ids.ts';

/*
 * Discovery that keeps itself current, in real processes: two API
 * processes and two workers on one Redis and database, a connection whose
 * servers are discovered every 2 "minutes" (a minute lasts a second here:
 * SCHEDULE_MINUTE_MS, honoured in tests only). Each tick makes exactly one
 * run, whatever the number of processes; killing every process and
 * starting them again loses no schedule and doubles no tick; pausing the
 * connection stops its ticks.
 */

const MINUTE_MS = 1000;
const INTERVAL_MINUTES = 2;
const INTERVAL_MS = INTERVAL_MINUTES * MINUTE_MS;
const RUNS = 'query($c: ID!) { discoveryRuns(connectionId: $c, first: 200) { edges { node { id trigger status createdAt entries { kind status } } } } }';

interface RunNode {
  id: string;
  trigger: string;
  status: string;
  createdAt: string;
  entries: Array<{ kind: string; status: string }>;
}

describe('discovery schedules', () => {
  const account = String(randomInt(100_000_000_000, 999_999_999_999));
  let stack: Stack;
  const extra: ManagedProcess[] = [];
  let token = '';
  let connectionId = '';
  let mongo: MongoClient;
  let db: Db;
  let redis: Redis;
  let queue: Queue;

  const api = () => stack.apis[0]!.url;
  const call = <T>(query: string, variables: Record<string, unknown> = {}) => gql<T>(api(), query, variables, { authorization: `Bearer ${token}` });

  async function scheduledRuns(): Promise<RunNode[]> {
    const answer = await call<{ discoveryRuns: { edges: Array<{ node: RunNode }> } }>(RUNS, { c: connectionId });
    return (answer.data?.discoveryRuns.edges ?? []).map((e) => e.node).filter((r) => r.trigger === 'SCHEDULE').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * The smallest gap between the times the scheduled runs' ticks were due
   * (a tick's job id ends with that time): a tick run twice, or a second
   * scheduler for one kind, would make two runs of one time or of times a
   * few milliseconds apart. Times they were due, not times they ran: a tick
   * overdue while every worker was down runs as soon as one is back, close
   * to the next one, and that is no double.
   */
  async function smallestGap(runs: readonly RunNode[]): Promise<number> {
    const ids = runs.map((r) => fromGlobalId(r.id).id);
    const ticks = await db.collection<{ _id: string; runId: unknown }>('discovery_ticks').find({ runId: { $in: ids } }).toArray();
    // One tick per run, each run its own tick.
    expect(ticks).toHaveLength(runs.length);
    const due = ticks.map((t) => Number(/:(\d+)$/.exec(t._id)?.[1] ?? Number.NaN)).sort((a, b) => a - b);
    expect(due.every(Number.isFinite)).toBe(true);
    let gap = Infinity;
    for (let i = 1; i < due.length; i += 1) gap = Math.min(gap, due[i]! - due[i - 1]!);
    return gap;
  }

  async function startAll(): Promise<void> {
    stack.apis.push(await startApi(stack.env, `discovery-schedules-api-b-${Date.now()}`));
    extra.push(await startWorker(stack.env, `discovery-schedules-worker-b-${Date.now()}`));
  }

  beforeAll(async () => {
    stack = await startStack({ label: 'discovery-schedules', apis: 1, worker: true, env: { SCHEDULE_MINUTE_MS: String(MINUTE_MS), JOB_LOCK_MS: '3000' } });
    await startAll();
    mongo = await MongoClient.connect(stack.env.MONGO_URL!);
    db = mongo.db();
    redis = new Redis(stack.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue('discovery', { connection: redis, prefix: `${stack.env.REDIS_PREFIX}:bull` });

    const { ec2 } = awsClients(await credentialsIn(account), 'us-east-1');
    const image = (await ec2.send(new RegisterImageCommand({ Name: 'img', RootDeviceName: '/dev/sda1' }))).ImageId!;
    const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!;
    await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId }));

    const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
    const signed = await gql<{ signup: { accessToken: string } }>(api(), 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', { i: { email, password: 'correct horse battery staple', name: 'Owner' } });
    token = signed.data!.signup.accessToken;
    const kinds = ['SERVERS', 'VOLUMES', 'SNAPSHOTS', 'IMAGES', 'NETWORKS', 'DATABASES', 'LOAD_BALANCERS', 'OBJECT_STORAGE', 'CDN'].map((kind) => ({
      kind,
      enabled: kind === 'SERVERS',
      intervalMinutes: kind === 'SERVERS' ? INTERVAL_MINUTES : 60,
    }));
    const created = await call<{ createConnection: { id: string } }>('mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }', {
      i: { name: 'scheduled', accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'secret-secret-secret', roleArn: roleIn(account), regions: ['us-east-1'], kinds },
    });
    if (!created.data) throw new Error(`createConnection failed: ${JSON.stringify(created.errors)}`);
    connectionId = created.data.createConnection.id;
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await mongo?.close();
    for (const p of extra) await p.stop();
    await stack?.stop();
  });

  it('ticks once per interval with two API processes and two workers, each tick one run', async () => {
    let runs: RunNode[] = [];
    await until(async () => (runs = await scheduledRuns()).length >= 3, 'three scheduled runs', 60_000);
    expect(await smallestGap(runs)).toBeGreaterThanOrEqual(INTERVAL_MS / 2);
    await until(async () => (await scheduledRuns()).slice(0, 3).every((r) => ['SUCCEEDED', 'SKIPPED'].includes(r.status)), 'the runs to finish', 60_000);
    const server = await db.collection('inventory').countDocuments({ type: 'Server', 'external.account': account });
    expect(server).toBe(1);
    // Only the enabled kind is scheduled.
    expect(runs.every((r) => r.entries.every((e) => e.kind === 'SERVERS'))).toBe(true);
    // The connection says when each kind runs next: only the scheduled one.
    const next = await call<{ connection: { kinds: Array<{ kind: string; nextRunAt: string | null }> } }>('query($id: ID!) { connection(id: $id) { kinds { kind nextRunAt } } }', { id: connectionId });
    const nextRuns = next.data!.connection.kinds.filter((k) => k.nextRunAt !== null);
    expect(nextRuns.map((k) => k.kind)).toEqual(['SERVERS']);
    expect(Date.parse(nextRuns[0]!.nextRunAt!)).toBeGreaterThan(Date.now() - INTERVAL_MS);
    const schedulers = (await queue.getJobSchedulers(0, -1)).map((s) => s.id ?? s.key).filter((id) => id.startsWith('discovery-tick/'));
    const hex = fromGlobalId(connectionId).id.toHexString();
    expect(schedulers).toEqual([tickSchedulerId(hex, 'SERVERS')]);
  }, 120_000);

  it('keeps ticking, none doubled, after every process is killed and started again', async () => {
    const before = (await scheduledRuns()).length;
    for (const p of [...stack.apis, stack.worker!, ...extra]) await p.kill();
    stack.apis.length = 0;
    extra.length = 0;
    stack.apis.push(await startApi(stack.env, `discovery-schedules-api-a-${Date.now()}`));
    await stack.startWorker();
    await startAll();
    let runs: RunNode[] = [];
    await until(async () => (runs = await scheduledRuns()).length >= before + 3, 'three more scheduled runs after the restart', 90_000);
    expect(await smallestGap(runs)).toBeGreaterThanOrEqual(INTERVAL_MS / 2);
  }, 150_000);

  it('stops ticking while the connection is paused, and starts again when it is resumed', async () => {
    const pause = await call('mutation($id: ID!) { updateConnection(id: $id, input: { enabled: false }) { id } }', { id: connectionId });
    expect(pause.errors).toBeUndefined();
    const hex = fromGlobalId(connectionId).id.toHexString();
    // No scheduler, and no tick waiting or running: nothing can start a run now.
    await until(async () => {
      const scheduler = await queue.getJobScheduler(tickSchedulerId(hex, 'SERVERS'));
      const ticks = (await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).filter((j) => j?.name === 'discoveryTick');
      return !scheduler && ticks.length === 0;
    }, 'the schedule to stop', 30_000);
    const pausedAt = new Date();
    const resume = await call('mutation($id: ID!) { updateConnection(id: $id, input: { enabled: true }) { id } }', { id: connectionId });
    expect(resume.errors).toBeUndefined();
    let runs: RunNode[] = [];
    await until(async () => (runs = await scheduledRuns()).some((r) => Date.parse(r.createdAt) > pausedAt.getTime()), 'a scheduled run after resuming', 60_000);
    // The first run after resuming came an interval after it, not while paused.
    const first = runs.find((r) => Date.parse(r.createdAt) > pausedAt.getTime())!;
    expect(Date.parse(first.createdAt) - pausedAt.getTime()).toBeGreaterThanOrEqual(INTERVAL_MS / 2);
  }, 120_000);

  it('lists a connection’s schedules with the others: one per kind, changed and run like any, with the connection’s access and history', async () => {
    const listed = await call<{ schedules: Array<{ id: string; target: string; discoveryKind: string; enabled: boolean; intervalMinutes: number; nextRunAt: string | null; connection: { id: string } }> }>(
      '{ schedules(target: DISCOVERY) { id target discoveryKind enabled intervalMinutes nextRunAt connection { id } } }',
    );
    const mine = listed.data!.schedules.filter((s) => s.connection.id === connectionId);
    expect(mine).toHaveLength(9);
    const servers = mine.find((s) => s.discoveryKind === 'SERVERS')!;
    expect(servers).toMatchObject({ target: 'DISCOVERY', enabled: true, intervalMinutes: INTERVAL_MINUTES });
    expect(servers.nextRunAt).not.toBeNull();
    expect(mine.filter((s) => s.enabled).map((s) => s.discoveryKind)).toEqual(['SERVERS']);
    expect((await call<{ node: { id: string } | null }>('query($id: ID!) { node(id: $id) { id } }', { id: servers.id })).data?.node).toEqual({ id: servers.id });

    // Changed like any schedule: its interval is the connection's kind's, in the connection's history.
    const changed = await call<{ updateSchedule: { intervalMinutes: number } }>('mutation($id: ID!) { updateSchedule(id: $id, input: { intervalMinutes: 3 }) { intervalMinutes } }', { id: servers.id });
    expect(changed.data?.updateSchedule.intervalMinutes).toBe(3);
    const kinds = await call<{ connection: { kinds: Array<{ kind: string; intervalMinutes: number }> } }>('query($id: ID!) { connection(id: $id) { kinds { kind intervalMinutes } } }', { id: connectionId });
    expect(kinds.data!.connection.kinds.find((k) => k.kind === 'SERVERS')!.intervalMinutes).toBe(3);
    const history = await call<{ history: { edges: Array<{ node: { operation: string; diff: Array<{ path: string }> } }> } }>('query($id: ID!) { history(id: $id) { edges { node { operation diff { path } } } } }', { id: connectionId });
    expect(history.data!.history.edges[0]!.node).toMatchObject({ operation: 'UPDATE', diff: [{ path: 'kinds' }] });
    const wrong = await call('mutation($id: ID!) { updateSchedule(id: $id, input: { url: "https://example.com" }) { id } }', { id: servers.id });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.url', message: 'is not for a discovery schedule: it takes intervalMinutes and enabled only' }] });
    expect((await call('mutation($id: ID!) { deleteSchedule(id: $id) { id } }', { id: servers.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Run now: a discovery run of that kind.
    const ran = await call<{ runSchedule: string }>('mutation($id: ID!) { runSchedule(id: $id) }', { id: servers.id });
    const run = await call<{ discoveryRun: { trigger: string; entries: Array<{ kind: string }> } }>('query($id: ID!) { discoveryRun(id: $id) { trigger entries { kind } } }', { id: ran.data!.runSchedule });
    expect(run.data?.discoveryRun).toMatchObject({ trigger: 'MANUAL', entries: [{ kind: 'SERVERS' }] });

    // Another person sees none of it.
    const email = `other-${randomBytes(4).toString('hex')}@example.com`;
    const other = (await gql<{ signup: { accessToken: string } }>(api(), 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', { i: { email, password: 'correct horse battery staple', name: 'Other' } })).data!.signup.accessToken;
    const theirs = (q: string, v: Record<string, unknown> = {}) => gql<Record<string, unknown>>(api(), q, v, { authorization: `Bearer ${other}` });
    expect((await theirs('query($id: ID!) { schedule(id: $id) { id } }', { id: servers.id })).data).toEqual({ schedule: null });
    expect((await theirs('{ schedules { id } }')).data).toEqual({ schedules: [] });
    expect((await theirs('mutation($id: ID!) { updateSchedule(id: $id, input: { intervalMinutes: 1 }) { id } }', { id: servers.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await theirs('mutation($id: ID!) { runSchedule(id: $id) }', { id: servers.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 60_000);

  it('removes the schedules of a deleted connection', async () => {
    const hex = fromGlobalId(connectionId).id.toHexString();
    const deleted = await call('mutation($id: ID!) { deleteConnection(id: $id) { id } }', { id: connectionId });
    expect(deleted.errors).toBeUndefined();
    expect(await queue.getJobScheduler(tickSchedulerId(hex, 'SERVERS'))).toBeUndefined();
  });
});
