import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient, ObjectId, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import { Registry } from 'prom-client';
import type * as AppModule from '../server/src/app.ts';
import type * as EnvModule from '../server/src/config/env.ts';
import type * as LoggerModule from '../server/src/logger.ts';
import type * as MetricsModule from '../server/src/metrics/metrics.ts';
import type * as ActorModule from '../server/src/modules/history/actor.ts';
import type { ReconcileRecord } from '../server/src/modules/inventory/engine/reconcile.service.ts';
import type * as ServicesModule from '../server/src/services.ts';
import { freePort, stopChild } from '../scripts/lib/services.ts';
import { BACKGROUND, difference, parseMongoCounters, readMongoCounters, round, WRITES } from './metrics.ts';
import { gql, seedDemo } from './http.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * The one write path of imports and discovery, at scale: on the inventory
 * of `npm run seed -- --scale 250`, a discovery source reconciles 10,000
 * servers through ReconcileService in this process, as a source does (no
 * HTTP): (1) all new, (2) the same records again, which must write nothing,
 * (3) 1 % of them changed. Then the CSV import of 10,000 servers through
 * the API, of the build before the write path (BENCH_BASELINE, a git
 * revision; "none" to skip) and of this one, each on a fresh database.
 * For each: MongoDB commands per 1,000 records, write commands, documents
 * written, records per second, and wall-clock time inside MongoDB against
 * our own (the rest).
 */

const root = resolve(import.meta.dirname, '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 250);
const RECORDS = 10_000;
const CHANGED = RECORDS / 100;
/** The last commit before imports and discovery shared ReconcileService. */
const BASELINE = process.env.BENCH_BASELINE ?? '9816df8';
/** Which parts run: `reconcile`, `import`, or both (the default). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'reconcile,import').split(',').map((p) => p.trim()));

/** A module of the built server (dist/), typed by its source. */
function fromDist<T>(path: string): Promise<T> {
  return import(pathToFileURL(join(root, 'dist', path)).href) as Promise<T>;
}

/** The same server with another database (the URL's path). */
function withDatabase(mongoUrl: string, database: string): string {
  return mongoUrl.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${database}`);
}

/**
 * Every command a client sends, by name and collection, and the documents
 * each write reports it wrote (inserted, modified, upserted, deleted).
 */
class CommandLog {
  readonly commands = new Map<string, number>();
  readonly written = new Map<string, number>();
  private readonly started = new Map<number, { name: string; collection: string }>();

  constructor(client: MongoClient) {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (BACKGROUND.has(event.commandName)) return;
      const target = event.command[event.commandName] as unknown;
      const collection = typeof target === 'string' ? target : typeof event.command.collection === 'string' ? event.command.collection : '';
      const key = `${event.commandName}${collection ? ` ${collection}` : ''}`;
      this.commands.set(key, (this.commands.get(key) ?? 0) + 1);
      if (WRITES.has(event.commandName)) this.started.set(event.requestId, { name: event.commandName, collection });
    });
    client.on('commandSucceeded', (event: CommandSucceededEvent) => {
      const write = this.started.get(event.requestId);
      if (!write) return;
      this.started.delete(event.requestId);
      const reply = event.reply as { n?: number; nModified?: number; upserted?: unknown[]; lastErrorObject?: { n?: number } };
      const docs =
        write.name === 'update'
          ? (reply.nModified ?? 0) + (reply.upserted?.length ?? 0)
          : write.name === 'findAndModify'
            ? (reply.lastErrorObject?.n ?? 0)
            : (reply.n ?? 0);
      this.written.set(write.collection, (this.written.get(write.collection) ?? 0) + docs);
    });
  }

  clear(): void {
    this.commands.clear();
    this.written.clear();
  }

  writeCommands(): number {
    let sum = 0;
    for (const [key, n] of this.commands) if (WRITES.has(key.split(' ')[0]!)) sum += n;
    return sum;
  }

  docsWritten(): number {
    return [...this.written.values()].reduce((sum, n) => sum + n, 0);
  }

  describe(map: ReadonlyMap<string, number>): string {
    return [...map].map(([k, v]) => `${k}×${v}`).join(', ') || 'none';
  }
}

/** What the compact table shows of one run. */
interface Figures {
  label: string;
  records: number;
  wallMs: number;
  mongoMs: number;
  commands: number;
  writeCommands: number;
  docsWritten: number | null;
  byCommand: string;
}

function rowOf(f: Figures): BenchRow {
  return {
    label: f.label,
    values: {
      records: f.records,
      'records/s': Math.round(f.records / (f.wallMs / 1000)),
      'commands / 1,000 records': round((f.commands * 1000) / f.records, 1),
      'write commands': f.writeCommands,
      'docs written': f.docsWritten ?? '—',
      'wall ms': round(f.wallMs, 0),
      'in MongoDB ms': round(f.mongoMs, 0),
      'ours ms': round(f.wallMs - f.mongoMs, 0),
    },
  };
}

const COLUMNS = ['records', 'records/s', 'commands / 1,000 records', 'write commands', 'docs written', 'wall ms', 'in MongoDB ms', 'ours ms'];

function markdown(rows: BenchRow[]): string {
  const lines = [`| run | ${COLUMNS.join(' | ')} |`, `|${' --- |'.repeat(COLUMNS.length + 1)}`];
  for (const r of rows) lines.push(`| ${r.label} | ${COLUMNS.map((c) => String(r.values[c] ?? '')).join(' | ')} |`);
  return lines.join('\n');
}

/** The discovered servers: record i; `changed` gives it more CPU and memory (run 3). */
function discovered(i: number, changed: boolean): ReconcileRecord {
  return {
    ref: i + 1,
    fields: {
      hostname: `ip-10-64-${Math.floor(i / 250)}-${(i % 250) + 1}.eu-west-1.compute.internal`,
      ipv4Private: `10.64.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      cpu: changed ? 8 : 4,
      memory: changed ? 32 : 16,
      environment: 'PRODUCTION',
      tags: ['discovered', `team-${i % 20}`],
      os: { base: 'LINUX', distribution: 'amazon', version: '2023' },
    },
    external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: `i-${i.toString(16).padStart(17, '0')}` },
  };
}

/** (1)–(3): the reconcile runs, in this process, on the seeded inventory. */
async function reconcileRuns(context: BenchContext, userHex: string): Promise<{ rows: Figures[]; notes: string[] }> {
  const { env, say } = context;
  const { loadConfig } = await fromDist<typeof EnvModule>('server/src/config/env.js');
  const { createLogger } = await fromDist<typeof LoggerModule>('server/src/logger.js');
  const { connectInfrastructure } = await fromDist<typeof AppModule>('server/src/app.js');
  const { createServices } = await fromDist<typeof ServicesModule>('server/src/services.js');
  const { instrumentMongo } = await fromDist<typeof MetricsModule>('server/src/metrics/metrics.js');
  const { discoveryActor } = await fromDist<typeof ActorModule>('server/src/modules/history/actor.js');

  // The services of a process, built as the worker builds them, with the API's MongoDB metrics on their client.
  const config = loadConfig(env);
  const infra = await connectInfrastructure(config);
  const rows: Figures[] = [];
  const notes: string[] = [];
  try {
    const { services } = await createServices(config, infra, createLogger('warn', 'maestro-bench'), 'bench:reconcile');
    const registry = new Registry();
    instrumentMongo(infra.mongo.client, registry);
    const log = new CommandLog(infra.mongo.client);
    const def = services.inventory.info('Server').def;
    const connection = { id: new ObjectId().toHexString(), name: 'aws-eu-west-1', workspaceTeamId: null };

    const run = async (label: string, records: ReconcileRecord[]) => {
      log.clear();
      const before = parseMongoCounters(await registry.metrics());
      const started = performance.now();
      const result = await services.reconcile.reconcile({
        actor: discoveryActor(connection, new ObjectId().toHexString()),
        def,
        owner: { kind: 'user', id: userHex },
        scope: null,
        mode: 'SNAPSHOT',
        records,
        within: { provider: 'aws', account: '123456789012', region: 'eu-west-1' },
        by: userHex,
      });
      const wallMs = performance.now() - started;
      const delta = difference(parseMongoCounters(await registry.metrics()), before);
      const statuses: Record<string, number> = {};
      for (const r of result.rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const figures: Figures = {
        label,
        records: records.length,
        wallMs,
        mongoMs: delta.busySeconds * 1000,
        commands: delta.commands,
        writeCommands: log.writeCommands(),
        docsWritten: log.docsWritten(),
        byCommand: log.describe(log.commands),
      };
      const msByCommand = Object.entries(delta.secondsByCommand).map(([k, v]) => `${k} ${Math.round(v * 1000)}`).join(', ');
      const line =
        `${label}: rows ${JSON.stringify(statuses)}, deactivated ${result.deactivated}; wall ${Math.round(wallMs)} ms (${Math.round(records.length / (wallMs / 1000))} records/s), ` +
        `in MongoDB ${Math.round(figures.mongoMs)} ms; commands: ${figures.byCommand}; ms by command: ${msByCommand}; documents written: ${log.describe(log.written)}`;
      say(`  ${line}`);
      notes.push(line);
      rows.push(figures);
      return { statuses, figures, result };
    };

    const first = await run(`(1) reconcile ${RECORDS.toLocaleString('en')} servers, all new`, Array.from({ length: RECORDS }, (_, i) => discovered(i, false)));
    if (first.statuses.CREATED !== RECORDS) throw new Error(`the first reconcile created ${first.statuses.CREATED ?? 0} of ${RECORDS} servers: ${JSON.stringify(first.statuses)}`);

    const second = await run('(2) the same records again, unchanged', Array.from({ length: RECORDS }, (_, i) => discovered(i, false)));
    if (second.figures.writeCommands !== 0) {
      throw new Error(`a reconcile of unchanged records issued ${second.figures.writeCommands} write commands (must be 0): ${second.figures.byCommand}; documents written: ${log.describe(log.written)}`);
    }
    if (second.statuses.UNCHANGED !== RECORDS) throw new Error(`the unchanged reconcile reported ${JSON.stringify(second.statuses)}`);

    const third = await run(`(3) ${CHANGED} of them changed (1 %)`, Array.from({ length: RECORDS }, (_, i) => discovered(i, i % 100 === 0)));
    if (third.statuses.UPDATED !== CHANGED) throw new Error(`the reconcile of ${CHANGED} changed records updated ${third.statuses.UPDATED ?? 0}: ${JSON.stringify(third.statuses)}`);
  } finally {
    await infra.close();
  }
  return { rows, notes };
}

/** Builds the server of a git revision into a temporary directory (git archive, so no checkout is touched); its path, or null and why not. */
function buildRevision(revision: string, say: (m: string) => void): { dir: string } | { reason: string } {
  const known = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (known.status !== 0) return { reason: `revision ${revision} is not in this repository` };
  const dir = mkdtempSync(join(tmpdir(), 'maestro-baseline-'));
  const tar = join(dir, 'source.tar');
  const steps: Array<[string, string[], string]> = [
    ['git', ['archive', '--output', tar, revision], root],
    ['tar', ['-xf', tar, '-C', dir], root],
  ];
  for (const [command, args, cwd] of steps) {
    const done = spawnSync(command, args, { cwd, encoding: 'utf8' });
    if (done.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { reason: `${command} failed: ${done.stderr}` };
    }
  }
  rmSync(tar);
  // The same dependencies (the lock file did not change since): linked, not installed again.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  say(`  building ${revision} (${known.stdout.trim().slice(0, 12)})…`);
  const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `its build failed: ${built.stdout.slice(0, 500)}` };
  }
  return { dir };
}

/** Starts the API of the build in `dir` on database `database`; resolves once it answers /healthz. */
async function startApi(dir: string, env: NodeJS.ProcessEnv, database: string, logFile: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(dir, 'dist/server/src/main.js')], {
    cwd: dir,
    env: { ...env, MONGO_URL: withDatabase(env.MONGO_URL!, database), REDIS_PREFIX: `${env.REDIS_PREFIX}-${database}`, PORT: String(port), PUBLIC_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => chunks.push(c));
  child.stderr?.on('data', (c: Buffer) => chunks.push(c));
  child.on('exit', () => writeFileSync(logFile, Buffer.concat(chunks)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API of ${dir} exited during start-up (log: ${logFile})`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child);
  throw new Error(`the API of ${dir} did not start within 60 s`);
}

/** The CSV import of inventory bench (d), 10,000 servers into a fresh account, through the API at `url`. */
async function importOnce(label: string, url: string, mongoUrl: string): Promise<{ figures: Figures; stored: string }> {
  const fresh = (await gql(url, null, 'mutation { signup(input: { email: "importer@bench.example.com", password: "benchmark password", name: "Importer" }) { accessToken } }')) as {
    signup: { accessToken: string };
  };
  const csv = ['hostname,ipv4Private,environment,cpu,memory,os.base,tags', ...Array.from({ length: RECORDS }, (_, i) => `imp-${i}.example,10.200.${Math.floor(i / 250)}.${(i % 250) + 1},PRODUCTION,4,16,LINUX,imported;bench`)].join('\n');
  const before = await readMongoCounters(url);
  const started = performance.now();
  const data = (await gql(url, fresh.signup.accessToken, 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created updated unchanged failed } }', {
    input: { type: 'Server', format: 'CSV', data: csv },
  })) as { importInventory: { created: number; failed: number } };
  const wallMs = performance.now() - started;
  const delta = difference(await readMongoCounters(url), before);
  if (data.importInventory.created !== RECORDS) throw new Error(`${label}: ${JSON.stringify(data.importInventory)}`);
  let writeCommands = 0;
  for (const [name, n] of Object.entries(delta.byCommand)) if (WRITES.has(name)) writeCommands += n;
  // What the database holds afterwards, by collection (its documents are in another process: counted, not watched).
  const client = new MongoClient(mongoUrl);
  await client.connect();
  let stored: string;
  try {
    const db = client.db();
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    const counts = await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()] as const));
    stored = counts.filter(([, n]) => n > 0).map(([n, c]) => `${n} ${c}`).join(', ');
  } finally {
    await client.close();
  }
  return {
    figures: {
      label,
      records: RECORDS,
      wallMs,
      mongoMs: delta.busySeconds * 1000,
      commands: delta.commands,
      writeCommands,
      docsWritten: null,
      byCommand: Object.entries(delta.byCommand).map(([k, v]) => `${k}×${v}`).join(', '),
    },
    stored,
  };
}

/** (4): the import before and after, each build's API on a fresh database, one after the other. */
async function importBeforeAfter(context: BenchContext): Promise<{ rows: Figures[]; notes: string[] }> {
  const { env, say } = context;
  const logDir = join(root, 'bench', 'results', 'logs');
  const rows: Figures[] = [];
  const notes: string[] = [];
  const builds: Array<{ tag: string; dir: string }> = [];
  let baselineDir: string | null = null;
  if (BASELINE !== 'none') {
    const baseline = buildRevision(BASELINE, say);
    if ('dir' in baseline) {
      baselineDir = baseline.dir;
      builds.push({ tag: `before (${BASELINE})`, dir: baseline.dir });
    } else {
      notes.push(`import before: not measured, ${baseline.reason}`);
    }
  }
  builds.push({ tag: 'after (this build)', dir: root });
  try {
    for (const [i, build] of builds.entries()) {
      const database = `maestro_bench_reconcile_import_${i}`;
      const api = await startApi(build.dir, env, database, join(logDir, `reconcile-import-${i}-api.log`));
      try {
        const { figures, stored } = await importOnce(`(4) import ${RECORDS.toLocaleString('en')} servers (CSV), ${build.tag}`, api.url, withDatabase(env.MONGO_URL!, database));
        rows.push(figures);
        const line = `${figures.label}: commands: ${figures.byCommand}; stored afterwards: ${stored}`;
        say(`  ${line}`);
        notes.push(line);
      } finally {
        await stopChild(api.child);
      }
    }
  } finally {
    if (baselineDir) rmSync(baselineDir, { recursive: true, force: true });
  }
  if (rows.length === 2) {
    const [before, after] = rows as [Figures, Figures];
    notes.push(
      `import before / after: wall ${round(before.wallMs / after.wallMs, 2)}x, commands ${round(before.commands / after.commands, 2)}x, in MongoDB ${round(before.mongoMs / after.mongoMs, 2)}x, ours ${round((before.wallMs - before.mongoMs) / (after.wallMs - after.mongoMs), 2)}x`,
    );
  }
  return { rows, notes };
}

export const reconcileBenchmark: Benchmark = {
  name: 'reconcile',
  async run(context: BenchContext) {
    const { say } = context;
    const login = await seedDemo(context, SCALE);
    const userHex = Buffer.from(login.user.id, 'base64url').toString('utf8').split(':')[1]!;

    const none = { rows: [] as Figures[], notes: [] as string[] };
    const reconciled = PARTS.has('reconcile') ? await reconcileRuns(context, userHex) : none;
    const imported = PARTS.has('import') ? await importBeforeAfter(context) : none;
    const rows = [...reconciled.rows, ...imported.rows].map(rowOf);
    const cores = availableParallelism();
    say(`\n${markdown(rows)}\n\ncores (os.availableParallelism()): ${cores}`);
    return {
      name: 'reconcile',
      title: `reconcile and import of ${RECORDS.toLocaleString('en')} servers, on the inventory at scale ${SCALE}, ${cores} cores`,
      columns: COLUMNS,
      rows,
      notes: [
        ...reconciled.notes,
        ...imported.notes,
        '(1)–(3): ReconcileService in this process (SNAPSHOT, a discovery actor), its MongoDB commands seen by the same metrics as the API; (4): through the API over HTTP.',
        '"in MongoDB": wall-clock time with at least one command in flight; "ours": the rest of the wall time.',
      ],
      data: { cores, runs: Object.fromEntries(rows.map((r) => [r.label, r.values])) },
    };
  },
};
