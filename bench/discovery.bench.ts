import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  CreateVolumeCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RegisterImageCommand,
  RunInstancesCommand,
  paginateDescribeInstances,
  paginateDescribeInstanceTypes,
  paginateDescribeVolumes,
  type _InstanceType,
  type Subnet,
} from '@aws-sdk/client-ec2';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import type * as EnvModule from '../server/src/config/env.ts';
import type * as LoggerModule from '../server/src/logger.ts';
import type * as ConnectionServiceModule from '../server/src/modules/discovery/connection.service.ts';
import type * as DiscoveryRunServiceModule from '../server/src/modules/discovery/discovery-run.service.ts';
import type * as InventoryServiceModule from '../server/src/modules/inventory/engine/inventory.service.ts';
import type * as ReconcileServiceModule from '../server/src/modules/inventory/engine/reconcile.service.ts';
import type * as RelationServiceModule from '../server/src/modules/relations/relation.service.ts';
import type * as ProcessorsModule from '../workers/src/discovery/discovery.processors.ts';
import type * as WorkerAppModule from '../workers/src/worker-app.ts';
import { startMoto } from '../scripts/lib/services.ts';
import { gql } from './http.ts';
import { BACKGROUND, difference, readMongoCounters, round, WRITES } from './metrics.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * AWS discovery end to end, against moto: one region holding
 * BENCH_INSTANCES EC2 instances (2,000) and BENCH_VOLUMES EBS volumes
 * (2,000; each instance's root volume counts, as on EC2, and any more are
 * created unattached). First the bare paginated Describe calls that read
 * the same data, made here with the SDK and nothing else; then a discovery
 * run of SERVERS and VOLUMES in that region (startDiscovery through the API
 * until the run is finished), on an empty inventory; then the bare calls
 * again and a second, unchanged run, which must write nothing but the run's
 * own record of its progress. The worker runs in this process, so that its
 * MongoDB commands (driver command monitoring), its AWS calls (a step on
 * each client's middleware stack) and the phases of its jobs can be timed.
 */

const root = resolve(import.meta.dirname, '..');
const REGION = process.env.BENCH_REGION ?? 'eu-west-1';
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2000);
const VOLUMES = Number(process.env.BENCH_VOLUMES ?? 2000);
/** Instances per RunInstances call (one reservation each). */
const PER_CALL = 100;
/** CreateVolume calls in flight at once. */
const VOLUME_CALLS_IN_FLIGHT = 10;
const INSTANCE_TYPES: _InstanceType[] = ['t3.micro', 't3.large', 'm5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large'];
/** moto takes any keys; the connection uses the same. */
const KEYS = { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'bench-secret-bench-secret' };
/** The run's own record of its progress: the only writes an unchanged run makes. */
const RUN_RECORD = new Set(['discovery_runs', 'discovery_run_entries']);
/** The longest a run may take before the benchmark gives up. */
const RUN_TIMEOUT_MS = 30 * 60_000;

/** A module of the built server (dist/), typed by its source. */
function fromDist<T>(path: string): Promise<T> {
  return import(pathToFileURL(join(root, 'dist', path)).href) as Promise<T>;
}

type Channel = 'mongo' | 'aws';

/**
 * Wall-clock time of the worker side, split by what was in flight (a
 * MongoDB command, an AWS call, both, neither) and by the phase its code
 * was in. Commands and calls of one job never overlap much, but a job's
 * AWS calls may overlap another's commands: the split says so.
 */
class Clock {
  private readonly inFlight: Record<Channel, number> = { mongo: 0, aws: 0 };
  private since = performance.now();
  phase = 'between jobs';
  /** Milliseconds by `${phase}|${state}`. */
  readonly ms = new Map<string, number>();

  private settle(): void {
    const now = performance.now();
    const { mongo, aws } = this.inFlight;
    const state = mongo > 0 && aws > 0 ? 'both' : mongo > 0 ? 'mongo' : aws > 0 ? 'aws' : 'none';
    const key = `${this.phase}|${state}`;
    this.ms.set(key, (this.ms.get(key) ?? 0) + (now - this.since));
    this.since = now;
  }

  start(channel: Channel): void {
    this.settle();
    this.inFlight[channel] += 1;
  }

  end(channel: Channel): void {
    this.settle();
    this.inFlight[channel] = Math.max(this.inFlight[channel] - 1, 0);
  }

  enter(phase: string): string {
    this.settle();
    const previous = this.phase;
    this.phase = phase;
    return previous;
  }

  snapshot(): Map<string, number> {
    this.settle();
    return new Map(this.ms);
  }
}

/** What the worker did between two snapshots. */
interface WorkerFigures {
  /** ms by phase and state. */
  ms: Map<string, number>;
  /** Commands by `${phase}|${command} ${collection}`. */
  commands: Map<string, number>;
  /** Their milliseconds, by the same keys. */
  durations: Map<string, number>;
  /** AWS calls by operation. */
  awsCalls: Map<string, number>;
}

/** Watches the in-process worker: its MongoDB commands, its AWS calls and the phases of its discovery jobs. */
class WorkerWatch {
  readonly clock = new Clock();
  commands = new Map<string, number>();
  /** Milliseconds each command took, by the same keys (overlapping commands add up). */
  durations = new Map<string, number>();
  awsCalls = new Map<string, number>();
  /** Commands in flight: their key, null for the driver's own. */
  private readonly running = new Map<number, string | null>();
  private finishWaiters: Array<(closed: { at: number; clock: Map<string, number> }) => void> = [];

  watchMongo(client: MongoClient): void {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      this.clock.start('mongo');
      if (BACKGROUND.has(event.commandName)) {
        this.running.set(event.requestId, null);
        return;
      }
      const target = event.command[event.commandName] as unknown;
      const collection = typeof target === 'string' ? target : '';
      const key = `${this.clock.phase}|${event.commandName}${collection ? ` ${collection}` : ''}`;
      this.running.set(event.requestId, key);
      this.commands.set(key, (this.commands.get(key) ?? 0) + 1);
    });
    const done = (event: CommandSucceededEvent | CommandFailedEvent) => {
      if (!this.running.has(event.requestId)) return;
      const key = this.running.get(event.requestId);
      this.running.delete(event.requestId);
      this.clock.end('mongo');
      if (key) this.durations.set(key, (this.durations.get(key) ?? 0) + event.duration);
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
  }

  /** A step on an AWS client's middleware stack, around everything (retries, signing, parsing). */
  awsHook = (client: unknown): void => {
    const stack = (client as { middlewareStack: { add(mw: unknown, options: Record<string, unknown>): void } }).middlewareStack;
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
        this.awsCalls.set(name, (this.awsCalls.get(name) ?? 0) + 1);
        this.clock.start('aws');
        try {
          return await next(args);
        } finally {
          this.clock.end('aws');
        }
      },
      { step: 'initialize', priority: 'high', name: 'benchTiming' },
    );
  };

  /** Runs `method` of `proto` in `phase` (calls made from another watched phase stay in that one). */
  wrap(proto: object, method: string, phase: string, after?: () => void): void {
    const target = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method];
    if (typeof original !== 'function') throw new Error(`no method ${method} to watch`);
    const clock = this.clock;
    target[method] = async function (this: unknown, ...args: unknown[]) {
      if (clock.phase !== 'job') return original.apply(this, args);
      clock.enter(phase);
      try {
        return await original.apply(this, args);
      } finally {
        clock.enter('job');
        after?.();
      }
    };
  }

  /** Resolves once the next run is closed (its record written): when, and the clock then. */
  nextFinish(): Promise<{ at: number; clock: Map<string, number> }> {
    return new Promise((resolveFinish) => this.finishWaiters.push(resolveFinish));
  }

  finished(): void {
    const closed = { at: performance.now(), clock: this.clock.snapshot() };
    const waiters = this.finishWaiters;
    this.finishWaiters = [];
    for (const w of waiters) w(closed);
  }

  reset(): void {
    this.commands = new Map();
    this.durations = new Map();
    this.awsCalls = new Map();
  }

  /** What happened from the clock `before` to the clock `now`. */
  take(before: Map<string, number>, now: Map<string, number>): WorkerFigures {
    const ms = new Map<string, number>();
    for (const [k, v] of now) if (v - (before.get(k) ?? 0) > 0) ms.set(k, v - (before.get(k) ?? 0));
    return { ms, commands: new Map(this.commands), durations: new Map(this.durations), awsCalls: new Map(this.awsCalls) };
  }
}

/** Fills moto's region: instances in batches (each with its root volume while volumes are wanted), then any further volumes, unattached. */
async function seedMoto(endpoint: string, say: (m: string) => void): Promise<{ ms: number; calls: number }> {
  const ec2 = new EC2Client({ region: REGION, endpoint, credentials: { ...KEYS }, maxAttempts: 3 });
  const started = performance.now();
  let calls = 0;
  try {
    const image = (await ec2.send(new RegisterImageCommand({ Name: 'bench-image', RootDeviceName: '/dev/sda1' }))).ImageId!;
    const subnets: Subnet[] = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    calls += 2;
    if (subnets.length === 0) throw new Error(`moto has no default subnets in ${REGION}`);
    let launched = 0;
    for (let batch = 0; launched < INSTANCES; batch += 1) {
      const withRoot = launched < VOLUMES;
      const count = Math.min(PER_CALL, INSTANCES - launched, withRoot ? VOLUMES - launched : Infinity);
      const subnet = subnets[batch % subnets.length]!;
      await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: count,
          MaxCount: count,
          InstanceType: INSTANCE_TYPES[batch % INSTANCE_TYPES.length],
          SubnetId: subnet.SubnetId,
          ...(withRoot ? {} : { BlockDeviceMappings: [{ DeviceName: '/dev/sda1', NoDevice: '' }] }),
          TagSpecifications: [
            { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: `bench-${batch}` }, { Key: 'team', Value: `team-${batch % 7}` }] },
            ...(withRoot ? [{ ResourceType: 'volume' as const, Tags: [{ Key: 'Name', Value: `bench-${batch}-root` }] }] : []),
          ],
        }),
      );
      calls += 1;
      launched += count;
    }
    const extra = Math.max(VOLUMES - INSTANCES, 0);
    let next = 0;
    const createOne = async (): Promise<void> => {
      while (next < extra) {
        const i = next++;
        await ec2.send(
          new CreateVolumeCommand({
            AvailabilityZone: subnets[i % subnets.length]!.AvailabilityZone,
            Size: 20 + (i % 5) * 20,
            VolumeType: i % 2 ? 'gp3' : 'gp2',
            TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: `bench-data-${i}` }] }],
          }),
        );
        calls += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(VOLUME_CALLS_IN_FLIGHT, extra) }, createOne));
  } finally {
    ec2.destroy();
  }
  const ms = performance.now() - started;
  say(`  seeded moto (${REGION}): ${INSTANCES} instances, ${VOLUMES} volumes in ${calls} calls, ${round(ms / 1000, 1)} s`);
  return { ms, calls };
}

interface Bare {
  instancesMs: number;
  typesMs: number;
  volumesMs: number;
  instances: number;
  volumes: number;
  calls: Record<string, number>;
  /** Instances + their types + volumes: the data of the run. */
  totalMs: number;
}

/** The bare paginated Describe calls for the same data, one after another, with the SDK alone. */
async function bareDescribe(endpoint: string): Promise<Bare> {
  const client = new EC2Client({ region: REGION, endpoint, credentials: { ...KEYS }, retryMode: 'standard', maxAttempts: 3 });
  const calls: Record<string, number> = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  try {
    let t = performance.now();
    const instances = [];
    for await (const page of paginateDescribeInstances({ client }, {})) {
      count('DescribeInstances');
      for (const r of page.Reservations ?? []) instances.push(...(r.Instances ?? []));
    }
    const instancesMs = performance.now() - t;
    t = performance.now();
    const types = [...new Set(instances.map((i) => i.InstanceType).filter((x): x is NonNullable<typeof x> => !!x))];
    for (let i = 0; i < types.length; i += 100) {
      for await (const page of paginateDescribeInstanceTypes({ client }, { InstanceTypes: types.slice(i, i + 100) })) {
        count('DescribeInstanceTypes');
        void page;
      }
    }
    const typesMs = performance.now() - t;
    t = performance.now();
    let volumes = 0;
    for await (const page of paginateDescribeVolumes({ client }, {})) {
      count('DescribeVolumes');
      volumes += page.Volumes?.length ?? 0;
    }
    const volumesMs = performance.now() - t;
    return { instancesMs, typesMs, volumesMs, instances: instances.length, volumes, calls, totalMs: instancesMs + typesMs + volumesMs };
  } finally {
    client.destroy();
  }
}

const START = 'mutation($c: ID!, $k: [DiscoveryKind!], $r: [String!]) { startDiscovery(connectionId: $c, kinds: $k, regions: $r) { id status } }';
const RUN = 'query($id: ID!) { discoveryRun(id: $id) { id status durationMs entries { kind region status found created updated unchanged deactivated failed linked unlinked linksSkipped error attempts startedAt finishedAt } } }';

interface Entry {
  kind: string;
  status: string;
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  failed: number;
  linked: number;
  unlinked: number;
  linksSkipped: number;
  error: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
}

interface RunFigures {
  label: string;
  resources: number;
  wallMs: number;
  bareMs: number;
  commands: number;
  writes: number;
  mongoMs: number;
  awsMs: number;
  row: BenchRow;
  lines: string[];
}

const PHASES = ['API: startDiscovery', 'between jobs', 'job', 'run records', 'read of the account', 'reconcile', 'links'];
const PHASE_NAMES: Record<string, string> = {
  'between jobs': 'no job running (the API, queue hand-offs)',
  job: 'listing (AWS calls) and transform',
  'run records': 'run and connection records',
  'read of the account': 'one read of the owner\'s items in the account and region',
  reconcile: 'reconcile',
  links: 'links (look-ups, linkMissing, unlinks)',
};

function sumWhere(ms: Map<string, number>, test: (phase: string, state: string) => boolean): number {
  let sum = 0;
  for (const [key, value] of ms) {
    const [phase, state] = key.split('|') as [string, string];
    if (test(phase, state)) sum += value;
  }
  return sum;
}

function describeMap(map: ReadonlyMap<string, number> | Record<string, number>): string {
  const entries = map instanceof Map ? [...map] : Object.entries(map);
  return entries.map(([k, v]) => `${k}×${v}`).join(', ') || 'none';
}

async function discoveryRunOnce(
  label: string,
  context: BenchContext,
  token: string,
  connectionId: string,
  watch: WorkerWatch,
  bare: Bare,
  check: (entries: Entry[], writes: Map<string, number>) => string | null,
): Promise<RunFigures> {
  const { url, say } = context;
  watch.reset();
  const clockBefore = watch.clock.snapshot();
  const apiBefore = await readMongoCounters(url);
  const finished = watch.nextFinish();
  const started = performance.now();
  const run = (await gql(url, token, START, { c: connectionId, k: ['SERVERS', 'VOLUMES'], r: [REGION] })) as { startDiscovery: { id: string } };
  const mutationMs = performance.now() - started;
  const api = difference(await readMongoCounters(url), apiBefore);
  const closed = await Promise.race([
    finished,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the run did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes`)), RUN_TIMEOUT_MS).unref()),
  ]);
  const wallMs = closed.at - started;
  const worker = watch.take(clockBefore, closed.clock);
  const done = ((await gql(url, token, RUN, { id: run.startDiscovery.id })) as { discoveryRun: { status: string; durationMs: number; entries: Entry[] } }).discoveryRun;

  // The worker's commands, by phase and by command and collection; its writes by collection.
  const byPhase = new Map<string, number>();
  const byCommand = new Map<string, number>();
  const writes = new Map<string, number>();
  let workerCommands = 0;
  for (const [key, n] of worker.commands) {
    const [phase, command] = key.split('|') as [string, string];
    workerCommands += n;
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + n);
    byCommand.set(command, (byCommand.get(command) ?? 0) + n);
    const [name, collection = ''] = command.split(' ');
    if (WRITES.has(name!)) writes.set(collection, (writes.get(collection) ?? 0) + n);
  }
  const apiWrites = Object.entries(api.byCommand).filter(([name]) => WRITES.has(name)).reduce((s, [, n]) => s + n, 0);
  const outsideRecord = [...writes].filter(([collection]) => !RUN_RECORD.has(collection)).reduce((s, [, n]) => s + n, 0);

  const resources = done.entries.reduce((s, e) => s + e.found, 0);
  const commands = workerCommands + api.commands;
  const workerMongoMs = sumWhere(worker.ms, (_, state) => state === 'mongo' || state === 'both');
  const mongoMs = workerMongoMs + api.busySeconds * 1000;
  const awsOnlyMs = sumWhere(worker.ms, (_, state) => state === 'aws');
  const awsMs = sumWhere(worker.ms, (_, state) => state === 'aws' || state === 'both');

  const lines: string[] = [];
  const entries = done.entries
    .map((e) => {
      const ms = e.startedAt && e.finishedAt ? Date.parse(e.finishedAt) - Date.parse(e.startedAt) : NaN;
      return `${e.kind} ${e.status} in ${Math.round(ms)} ms (attempts ${e.attempts}): found ${e.found}, created ${e.created}, updated ${e.updated}, unchanged ${e.unchanged}, deactivated ${e.deactivated}, failed ${e.failed}, linked ${e.linked}, unlinked ${e.unlinked}, links skipped ${e.linksSkipped}${e.error ? `, error: ${e.error}` : ''}`;
    })
    .join('; ');
  lines.push(`${label}: run ${done.status}; ${entries}`);
  lines.push(
    `${label}: wall ${Math.round(wallMs)} ms (startDiscovery sent → run closed), bare Describe ${Math.round(bare.totalMs)} ms, ratio ${round(wallMs / bare.totalMs, 2)}; ` +
      `${Math.round(resources / (wallMs / 1000))} resources/s; AWS calls of the worker: ${describeMap(worker.awsCalls)}`,
  );
  lines.push(
    `${label}: MongoDB commands ${commands} (${round(commands / resources, 3)} per resource): worker ${workerCommands} (${describeMap(byCommand)}), ` +
      `API startDiscovery ${api.commands} (${describeMap(api.byCommand)}, ${Math.round(mutationMs)} ms)`,
  );
  lines.push(
    `${label}: writes by collection: ${describeMap(writes)}; API writes ${apiWrites} (startDiscovery stores the run); writes outside the run's own record (${[...RUN_RECORD].join(', ')}): ${outsideRecord}`,
  );
  lines.push(
    `${label}: time in MongoDB ${Math.round(mongoMs)} ms (worker ${Math.round(workerMongoMs)}, API ${Math.round(api.busySeconds * 1000)}), ` +
      `in AWS calls ${Math.round(awsMs)} ms (${Math.round(awsOnlyMs)} with no MongoDB command in flight), ours ${Math.round(wallMs - mongoMs - awsOnlyMs)} ms`,
  );
  const phases = PHASES.map((phase) => {
    if (phase === 'API: startDiscovery') return `${phase} ${Math.round(mutationMs)} ms (MongoDB ${Math.round(api.busySeconds * 1000)}, ${api.commands} commands)`;
    const total = sumWhere(worker.ms, (p) => p === phase);
    const inMongo = sumWhere(worker.ms, (p, s) => p === phase && (s === 'mongo' || s === 'both'));
    const inAws = sumWhere(worker.ms, (p, s) => p === phase && (s === 'aws' || s === 'both'));
    return `${PHASE_NAMES[phase] ?? phase} ${Math.round(total)} ms (MongoDB ${Math.round(inMongo)}, AWS ${Math.round(inAws)}, ${byPhase.get(phase) ?? 0} commands)`;
  });
  lines.push(`${label}: where the time goes: ${phases.join('; ')}`);
  const slowest = [...worker.durations]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([key, ms]) => {
      const [phase, command] = key.split('|') as [string, string];
      return `${command} in ${phase}: ${worker.commands.get(key)}× ${Math.round(ms)} ms`;
    });
  lines.push(`${label}: the worker's slowest commands: ${slowest.join('; ')}`);
  for (const line of lines) say(`  ${line}`);

  const problem = check(done.entries, writes) ?? (done.status !== 'SUCCEEDED' ? `the run ended ${done.status}` : null);
  if (problem) throw new Error(`${label}: ${problem}`);

  return {
    label,
    resources,
    wallMs,
    bareMs: bare.totalMs,
    commands,
    writes: outsideRecord,
    mongoMs,
    awsMs: awsOnlyMs,
    lines,
    row: {
      label,
      values: {
        resources,
        'wall s': round(wallMs / 1000, 2),
        'bare Describe s': round(bare.totalMs / 1000, 2),
        'wall / bare': round(wallMs / bare.totalMs, 2),
        'resources/s': Math.round(resources / (wallMs / 1000)),
        'MongoDB commands': commands,
        'commands / resource': round(commands / resources, 3),
        'writes (besides run record)': outsideRecord,
        'in MongoDB s': round(mongoMs / 1000, 2),
        'in AWS s': round(awsOnlyMs / 1000, 2),
        'ours s': round((wallMs - mongoMs - awsOnlyMs) / 1000, 2),
      },
    },
  };
}

const COLUMNS = ['resources', 'wall s', 'bare Describe s', 'wall / bare', 'resources/s', 'MongoDB commands', 'commands / resource', 'writes (besides run record)', 'in MongoDB s', 'in AWS s', 'ours s'];

function markdown(rows: BenchRow[]): string {
  const lines = [`| run | ${COLUMNS.join(' | ')} |`, `|${' --- |'.repeat(COLUMNS.length + 1)}`];
  for (const r of rows) lines.push(`| ${r.label} | ${COLUMNS.map((c) => String(r.values[c] ?? '')).join(' | ')} |`);
  return lines.join('\n');
}

function bareLine(label: string, bare: Bare): string {
  return (
    `${label}: DescribeInstances ${Math.round(bare.instancesMs)} ms (${bare.instances} instances), DescribeInstanceTypes ${Math.round(bare.typesMs)} ms, ` +
    `DescribeVolumes ${Math.round(bare.volumesMs)} ms (${bare.volumes} volumes): ${Math.round(bare.totalMs)} ms in ${describeMap(bare.calls)}`
  );
}

export const discoveryBenchmark: Benchmark = {
  name: 'discovery',
  ownWorker: true,
  async setup({ logDir, say }) {
    const moto = await startMoto({ logDir });
    say(`  moto on ${moto.url}`);
    // The history repair runs once as the worker starts, then not during the runs: its commands are not discovery's.
    return { env: { AWS_ENDPOINT_URL: moto.url, HISTORY_REPAIR_INTERVAL_MS: '3600000' }, stop: () => moto.stop() };
  },
  async run(context: BenchContext) {
    const { url, env, say } = context;
    const endpoint = env.AWS_ENDPOINT_URL;
    if (!endpoint) throw new Error('the discovery benchmark needs moto (AWS_ENDPOINT_URL)');
    const seeded = await seedMoto(endpoint, say);

    const signup = (await gql(url, null, 'mutation { signup(input: { email: "discovery@bench.example.com", password: "benchmark password", name: "Discovery" }) { accessToken } }')) as {
      signup: { accessToken: string };
    };
    const token = signup.signup.accessToken;
    const created = (await gql(url, token, 'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }', {
      i: { name: 'aws-bench', ...KEYS, regions: [REGION] },
    })) as { createConnection: { id: string } };
    const connectionId = created.createConnection.id;

    // The worker, in this process, watched.
    const { loadConfig } = await fromDist<typeof EnvModule>('server/src/config/env.js');
    const { createLogger } = await fromDist<typeof LoggerModule>('server/src/logger.js');
    const { createWorkerApp } = await fromDist<typeof WorkerAppModule>('workers/src/worker-app.js');
    const { discoveryProcessors } = await fromDist<typeof ProcessorsModule>('workers/src/discovery/discovery.processors.js');
    const { DiscoveryRunService } = await fromDist<typeof DiscoveryRunServiceModule>('server/src/modules/discovery/discovery-run.service.js');
    const { ConnectionService } = await fromDist<typeof ConnectionServiceModule>('server/src/modules/discovery/connection.service.js');
    const { ReconcileService } = await fromDist<typeof ReconcileServiceModule>('server/src/modules/inventory/engine/reconcile.service.js');
    const { InventoryService } = await fromDist<typeof InventoryServiceModule>('server/src/modules/inventory/engine/inventory.service.js');
    const { RelationService } = await fromDist<typeof RelationServiceModule>('server/src/modules/relations/relation.service.js');
    const watch = new WorkerWatch();
    for (const entry of discoveryProcessors) {
      const original = entry.process;
      entry.process = async (job, jobContext) => {
        const previous = watch.clock.enter('job');
        try {
          return await original(job, jobContext);
        } finally {
          watch.clock.enter(previous);
        }
      };
    }
    for (const method of ['recordEntry', 'forJob', 'setAccount']) watch.wrap(DiscoveryRunService.prototype, method, 'run records');
    watch.wrap(DiscoveryRunService.prototype, 'finish', 'run records', () => watch.finished());
    watch.wrap(ConnectionService.prototype, 'forJob', 'run records');
    watch.wrap(ReconcileService.prototype, 'reconcile', 'reconcile');
    watch.wrap(InventoryService.prototype, 'atProvider', 'read of the account');
    watch.wrap(InventoryService.prototype, 'findAnyMany', 'links');
    for (const method of ['linkMissing', 'linkedBy', 'unlinkMany']) watch.wrap(RelationService.prototype, method, 'links');

    const config = loadConfig(env);
    const worker = await createWorkerApp({ ...config, aws: { ...config.aws, middleware: [watch.awsHook] } }, createLogger('warn', 'maestro-bench-worker'));
    watch.watchMongo(worker.mongo);
    await worker.start();
    // Let the history repair of its start-up pass.
    await new Promise((r) => setTimeout(r, 2000));

    const runs: RunFigures[] = [];
    const notes: string[] = [];
    const bares: Bare[] = [];
    try {
      const bare1 = await bareDescribe(endpoint);
      bares.push(bare1);
      notes.push(bareLine('bare Describe before run 1', bare1));
      say(`  ${notes.at(-1)}`);
      runs.push(
        await discoveryRunOnce('(1) first run, empty inventory', context, token, connectionId, watch, bare1, (entries) => {
          const created = entries.reduce((s, e) => s + e.created, 0);
          return created === INSTANCES + VOLUMES ? null : `created ${created} items, not ${INSTANCES + VOLUMES}`;
        }),
      );
      const bare2 = await bareDescribe(endpoint);
      bares.push(bare2);
      notes.push(bareLine('bare Describe before run 2', bare2));
      say(`  ${notes.at(-1)}`);
      runs.push(
        await discoveryRunOnce('(2) second run, nothing changed', context, token, connectionId, watch, bare2, (entries, writes) => {
          const outside = [...writes].filter(([c]) => !RUN_RECORD.has(c));
          if (outside.length > 0) return `an unchanged run wrote outside its own record: ${describeMap(new Map(outside))} (must be none)`;
          const changed = entries.reduce((s, e) => s + e.created + e.updated + e.deactivated + e.linked + e.unlinked, 0);
          return changed === 0 ? null : `an unchanged run reported ${changed} changes`;
        }),
      );
    } finally {
      await worker.stop();
    }
    for (const r of runs) notes.push(...r.lines);
    const rows = runs.map((r) => r.row);
    const cores = availableParallelism();
    say(`\n${markdown(rows)}\n\nseeding moto: ${round(seeded.ms / 1000, 1)} s; cores (os.availableParallelism()): ${cores}`);
    return {
      name: 'discovery',
      title: `discovery of ${INSTANCES.toLocaleString('en')} instances and ${VOLUMES.toLocaleString('en')} volumes in one region of moto (SERVERS, VOLUMES), ${cores} cores`,
      columns: COLUMNS,
      rows,
      notes: [
        `seeding moto: ${round(seeded.ms / 1000, 1)} s (${seeded.calls} calls)`,
        ...notes,
        'wall: startDiscovery sent through the API until the worker has closed the run; bare Describe: DescribeInstances pages, DescribeInstanceTypes and DescribeVolumes pages for the same data, one after another, with the SDK alone.',
        'MongoDB commands: the worker\'s during the run\'s jobs (driver command monitoring, in this process) and the API\'s for startDiscovery (its /metrics); writes besides the run\'s own record (discovery_runs, discovery_run_entries) must be 0 on the unchanged run.',
        '"in MongoDB": wall-clock time with a MongoDB command in flight; "in AWS": with an AWS call in flight and no MongoDB command; "ours": the rest.',
      ],
      data: {
        cores,
        region: REGION,
        instances: INSTANCES,
        volumes: VOLUMES,
        seedingMs: Math.round(seeded.ms),
        bare: bares.map((b) => ({ ...b, instancesMs: Math.round(b.instancesMs), typesMs: Math.round(b.typesMs), volumesMs: Math.round(b.volumesMs), totalMs: Math.round(b.totalMs) })),
        runs: Object.fromEntries(rows.map((r) => [r.label, r.values])),
      },
    };
  },
};
