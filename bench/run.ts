/**
 * The benchmark harness (`npm run bench`). Starts a MongoDB-compatible
 * server and Redis on loopback (or uses MONGO_URL / REDIS_URL); each
 * benchmark then gets its own database, Redis prefix, API process and
 * worker from dist/, so that what one loads does not slow the next (a
 * benchmark may start services of its own first, such as moto, and run the
 * worker in its own process to watch it). Each
 * prints its table as it ends; the results also go to bench/results/*.json.
 *
 *   npm run bench                   all benchmarks
 *   npm run bench -- status         only those whose name contains "status"
 *   BENCH_SECONDS=20 npm run bench  longer load phases (default 10 s)
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startMongoCompatible, startRedis, stopChild, type RunningService } from '../scripts/lib/services.ts';
import { accessBenchmark } from './access.bench.ts';
import { authBenchmark } from './auth.bench.ts';
import { discoveryBenchmark } from './discovery.bench.ts';
import { historyBenchmark } from './history.bench.ts';
import { inventoryBenchmark } from './inventory.bench.ts';
import { reconcileBenchmark } from './reconcile.bench.ts';
import { reportsBenchmark } from './reports.bench.ts';
import { graphsBenchmark } from './graphs.bench.ts';
import { statusBenchmark } from './status.bench.ts';
import type { Benchmark, BenchResult } from './types.ts';

const root = resolve(import.meta.dirname, '..');
const benchmarks: Benchmark[] = [statusBenchmark, authBenchmark, historyBenchmark, accessBenchmark, inventoryBenchmark, reconcileBenchmark, discoveryBenchmark, reportsBenchmark, graphsBenchmark];

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the API process exited during start-up');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not start within 60 s');
}

function spawnNode(script: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = spawn(process.execPath, [join(root, script)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => chunks.push(c));
  child.stderr?.on('data', (c: Buffer) => chunks.push(c));
  child.on('exit', () => writeFileSync(logFile, Buffer.concat(chunks)));
  return child;
}

function formatRow(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
}

export function printTable(results: BenchResult[]): void {
  for (const result of results) {
    say(`\n${result.title}`);
    const header = ['case', ...result.columns];
    const rows = result.rows.map((row) => [row.label, ...result.columns.map((c) => String(row.values[c] ?? ''))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    say(formatRow(header, widths));
    say(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) say(formatRow(row, widths));
    for (const note of result.notes) say(`  ${note}`);
  }
}

/** The same server with another database (the URL's path). */
function withDatabase(mongoUrl: string, database: string): string {
  return mongoUrl.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${database}`);
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const selected = benchmarks.filter((b) => !filter || b.name.includes(filter));
  const work = mkdtempSync(join(tmpdir(), 'maestro-bench-'));
  const logDir = join(root, 'bench', 'results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const services: RunningService[] = [];
  const children: ChildProcess[] = [];
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    // Production mode wants real secrets: fresh ones for this run.
    const secret = () => randomBytes(32).toString('base64url');
    env.JWT_SECRET ??= secret();
    env.RESET_TOKEN_SECRET ??= secret();
    env.SHARE_TOKEN_SECRET ??= secret();
    env.MAESTRO_ENCRYPTION_KEYS ??= `k1:${randomBytes(32).toString('base64')}`;
    env.SMTP_URL ??= 'smtp://127.0.0.1:1025';
    env.REDIS_PREFIX = `bench${Date.now()}`;
    let mongoServer = 'external MongoDB';
    if (!env.MONGO_URL) {
      const mongo = await startMongoCompatible({ dataDir: join(work, 'mongo'), logDir, database: 'maestro_bench' });
      services.push(mongo);
      env.MONGO_URL = mongo.url;
      mongoServer = mongo.name;
    }
    if (!env.REDIS_URL) {
      const redis = await startRedis({ dataDir: join(work, 'redis'), logDir });
      services.push(redis);
      env.REDIS_URL = redis.url;
    }
    const machine = {
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      mongoServer,
    };
    say(`Maestro benchmarks on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.mongoServer}`);
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    const results: BenchResult[] = [];
    for (const benchmark of selected) {
      say(`\nrunning ${benchmark.name}…`);
      const port = await freePort();
      const extra = benchmark.setup ? await benchmark.setup({ logDir, say }) : null;
      const own: NodeJS.ProcessEnv = {
        ...env,
        ...extra?.env,
        MONGO_URL: withDatabase(env.MONGO_URL!, `maestro_bench_${benchmark.name.replace(/\W/g, '_')}`),
        REDIS_PREFIX: `${env.REDIS_PREFIX}-${benchmark.name}`,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      };
      const url = `http://127.0.0.1:${port}`;
      const processes = [spawnNode('dist/server/src/main.js', own, join(logDir, `${benchmark.name}-api.log`))];
      if (!benchmark.ownWorker) processes.push(spawnNode('dist/workers/src/main.js', own, join(logDir, `${benchmark.name}-worker.log`)));
      children.push(...processes);
      let result: BenchResult;
      try {
        await waitForHealth(url, processes[0]!);
        // Give the worker a moment to take its queues.
        if (!benchmark.ownWorker) await new Promise((r) => setTimeout(r, 1500));
        result = await benchmark.run({ url, seconds, env: own, say });
      } finally {
        await Promise.all(processes.map((c) => stopChild(c)));
        await extra?.stop();
      }
      results.push(result);
      // Each table as soon as it is known, in case a later benchmark fails.
      printTable([result]);
    }
    say('\n==== all results ====');
    printTable(results);
    const file = join(root, 'bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, seconds, results }, null, 2)}\n`);
    say(`\nresults written to ${file.slice(root.length + 1)}`);
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
    await Promise.all(services.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
