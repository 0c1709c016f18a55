import { request as httpRequest } from 'node:http';
import { availableParallelism } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import type * as EnvModule from '../server/src/config/env.ts';
import type * as LoggerModule from '../server/src/logger.ts';
import type * as WorkerAppModule from '../workers/src/worker-app.ts';
import { gql, seedDemo } from './http.ts';
import { difference, median, readMongoCounters, round } from './metrics.ts';
import { collector, CommandWatch, fromDist, MemoryWatch } from './worker-watch.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * Report runs at scale, on the generated inventory of `npm run seed --
 * --scale 250` (10,000 servers, 2,000 applications, 500 systems, 100
 * clients): (1) a pivot of clients → systems → applications → servers, (2)
 * a single-entity report of every server, (3) the same report over about a
 * quarter and a half of them and over all of them, each three times, to see
 * whether the worker's memory stays flat as rows grow, (4) the CSV export of the run of every server through the
 * API's route against the same documents streamed with the bare driver
 * through csv-stringify (and against the run's own stored pages read with
 * the bare driver, the source the route reads). Runs go through the API (createReport, runReport,
 * then reportRun polled until it has ended); the worker runs in this
 * process, so that its MongoDB commands (driver command monitoring) and its
 * memory (process.memoryUsage every 20 ms) can be watched.
 */

const SCALE = Number(process.env.BENCH_SCALE ?? 250);
const EXPORT_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Runs of each size of the memory series. */
const MEMORY_ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
const POLL_MS = 100;
const SAMPLE_MS = 20;
/** The longest a run may take before the benchmark gives up. */
const RUN_TIMEOUT_MS = 30 * 60_000;

/** The columns of the single-entity reports, and where the bare driver finds each. */
const SERVER_COLUMNS: Array<[key: string, path: string]> = [
  ['hostname', 'hostname'],
  ['ipv4Private', 'ipv4Private'],
  ['environment', 'environment'],
  ['osBase', 'os.base'],
  ['osDistribution', 'os.distribution'],
  ['cpu', 'cpu'],
  ['memory', 'memory'],
  ['instanceType', 'instanceType'],
  ['tags', 'tags'],
];

const CREATE = 'mutation($i: ReportInput!) { createReport(input: $i) { id } }';
const RUN = 'mutation($id: ID!) { runReport(id: $id) { id status } }';
const POLL = 'query($id: ID!) { reportRun(id: $id) { status rowCount durationMs error progress { done total } } }';

interface RunFigures {
  label: string;
  rows: number;
  /** The run's own duration (the worker's start to end), ms. */
  durationMs: number;
  /** runReport sent until a poll saw it end, ms. */
  wallMs: number;
  memory: ReturnType<MemoryWatch['stop']>;
  workerCommands: number;
  workerByCommand: Record<string, number>;
  /** ms inside the worker's commands, by command and collection. */
  workerMsByCommand: Record<string, number>;
  workerMongoMs: number;
  apiCommands: number;
  apiByCommand: Record<string, number>;
  runId: string;
}

async function measureRun(context: BenchContext, token: string, label: string, reportId: string, commands: CommandWatch, gc: () => void): Promise<RunFigures> {
  const { url, say } = context;
  const memory = new MemoryWatch();
  gc();
  gc();
  await new Promise((r) => setTimeout(r, 200));
  commands.reset();
  memory.start();
  const apiBefore = await readMongoCounters(url);
  const started = performance.now();
  const run = ((await gql(url, token, RUN, { id: reportId })) as { runReport: { id: string } }).runReport;
  const api = difference(await readMongoCounters(url), apiBefore);
  let state: { status: string; rowCount: number; durationMs: number | null; error: string | null; progress: { done: number; total: number } };
  for (;;) {
    state = ((await gql(url, token, POLL, { id: run.id })) as { reportRun: typeof state }).reportRun;
    if (state.status !== 'QUEUED' && state.status !== 'RUNNING') break;
    if (performance.now() - started > RUN_TIMEOUT_MS) throw new Error(`${label}: the run did not end within ${RUN_TIMEOUT_MS / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const wallMs = performance.now() - started;
  const mem = memory.stop(gc);
  if (state.status !== 'SUCCEEDED') throw new Error(`${label}: the run ended ${state.status}: ${state.error}`);
  const figures: RunFigures = {
    label,
    rows: state.rowCount,
    durationMs: state.durationMs ?? wallMs,
    wallMs,
    memory: mem,
    workerCommands: commands.total(),
    workerByCommand: Object.fromEntries(commands.counts),
    workerMsByCommand: Object.fromEntries([...commands.durations].map(([k, v]) => [k, Math.round(v)])),
    workerMongoMs: commands.ms,
    apiCommands: api.commands,
    apiByCommand: api.byCommand,
    runId: run.id,
  };
  say(
    `  ${label}: ${figures.rows} rows in ${Math.round(figures.durationMs)} ms (wall ${Math.round(wallMs)} ms), ` +
      `peak +${round(mem.rssMb, 1)} MB RSS, +${round(mem.heapMb, 1)} MB heap (${mem.samples} samples), ` +
      `worker commands ${figures.workerCommands} (${describe(figures.workerByCommand)}), runReport commands ${api.commands} (${describe(api.byCommand)})`,
  );
  return figures;
}

/** `a` against `b` as a factor; said in words when `b` is no increase at all. */
function ratio(a: number, b: number): string {
  if (b < 0.05) return a < 0.05 ? 'no increase in either' : `+${round(a, 1)} MB against none`;
  return `${round(a / b, 2)}×`;
}

function describe(map: Record<string, number>): string {
  return Object.entries(map).map(([k, v]) => `${k}×${v}`).join(', ') || 'none';
}

type ExportWay = 'ours' | 'bare' | 'pages';
interface ExportFigures {
  rows: number;
  bytes: number;
  ms: number;
  /** The API's commands, for ours. */
  apiCommands?: number;
}

/** Counts what it is given, and keeps nothing. */
class CountingSink extends Writable {
  bytes = 0;
  lines = 0;

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += b.length;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) this.lines += 1;
    callback();
  }
}

/** GET the run's CSV export through the API into a counting sink: rows (lines less the header), bytes, ms. */
function exportThroughApi(url: string, token: string, runId: string): Promise<ExportFigures> {
  return new Promise((resolveExport, reject) => {
    const started = performance.now();
    const request = httpRequest(`${url}/reports/runs/${encodeURIComponent(runId)}/export?format=csv`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`export answered ${response.statusCode}`));
        response.resume();
        return;
      }
      const sink = new CountingSink();
      pipeline(response, sink).then(() => resolveExport({ rows: sink.lines - 1, bytes: sink.bytes, ms: performance.now() - started }), reject);
    });
    request.on('error', reject);
    request.end();
  });
}

function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The same servers, fields, filter and order with the bare driver, through csv-stringify into a counting sink. */
async function exportBare(client: MongoClient, reader: string): Promise<ExportFigures> {
  const started = performance.now();
  const projection: Record<string, 1> = { nameLower: 1 };
  for (const [, path] of SERVER_COLUMNS) projection[path] = 1;
  const cursor = client
    .db()
    .collection('inventory')
    .find({ $and: [{ 'access.read': reader }, { type: 'Server' }, { active: true }] }, { sort: { nameLower: 1, _id: 1 }, projection });
  let rows = 0;
  async function* records(): AsyncGenerator<string[]> {
    yield SERVER_COLUMNS.map(([key]) => key);
    for await (const doc of cursor) {
      rows += 1;
      yield SERVER_COLUMNS.map(([, path]) => {
        const v = valueAt(doc, path);
        return v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
      });
    }
  }
  const sink = new CountingSink();
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), sink);
  return { rows, bytes: sink.bytes, ms: performance.now() - started };
}

/**
 * The run's stored pages with the bare driver (what the export route reads),
 * parsed and written through csv-stringify into a counting sink: the same
 * source as ours, without HTTP, the token or our writer.
 */
async function exportPagesBare(client: MongoClient, runHex: string): Promise<ExportFigures> {
  const started = performance.now();
  const cursor = client.db().collection('report_rows').find({ runId: new ObjectId(runHex) }, { sort: { page: 1 }, batchSize: 2 });
  let rows = 0;
  async function* records(): AsyncGenerator<string[]> {
    yield SERVER_COLUMNS.map(([key]) => key);
    for await (const page of cursor) {
      for (const cells of JSON.parse(page.rows as string) as unknown[][]) {
        rows += 1;
        yield cells.map((v) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v)));
      }
    }
  }
  const sink = new CountingSink();
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), sink);
  return { rows, bytes: sink.bytes, ms: performance.now() - started };
}

const COLUMNS = ['rows', 'run s', 'wall s', 'rows/s', 'in MongoDB s', 'worker peak RSS MB', 'worker peak heap MB', 'worker commands', 'commands / 1,000 rows', 'runReport commands (API)'];

/** The median of each figure over runs of the same report (labels lose their `#n`). */
function medianRun(list: RunFigures[]): RunFigures {
  const m = (f: (r: RunFigures) => number) => median(list.map(f));
  const first = list[0]!;
  return {
    ...first,
    label: `${first.label.replace(/ #\d+$/, '')} (median of ${list.length})`,
    durationMs: m((r) => r.durationMs),
    wallMs: m((r) => r.wallMs),
    memory: {
      ...first.memory,
      rssMb: m((r) => r.memory.rssMb),
      heapMb: m((r) => r.memory.heapMb),
      retainedHeapMb: m((r) => r.memory.retainedHeapMb),
      peakRssMb: m((r) => r.memory.peakRssMb),
      peakHeapMb: m((r) => r.memory.peakHeapMb),
    },
    workerCommands: m((r) => r.workerCommands),
    workerMongoMs: m((r) => r.workerMongoMs),
    apiCommands: m((r) => r.apiCommands),
  };
}

function runRow(r: RunFigures): BenchRow {
  return {
    label: r.label,
    values: {
      rows: r.rows,
      'run s': round(r.durationMs / 1000, 2),
      'wall s': round(r.wallMs / 1000, 2),
      'rows/s': Math.round(r.rows / (r.durationMs / 1000)),
      'in MongoDB s': round(r.workerMongoMs / 1000, 2),
      'worker peak RSS MB': `+${round(r.memory.rssMb, 1)}`,
      'worker peak heap MB': `+${round(r.memory.heapMb, 1)}`,
      'worker commands': r.workerCommands,
      'commands / 1,000 rows': round((r.workerCommands / r.rows) * 1000, 2),
      'runReport commands (API)': r.apiCommands,
    },
  };
}

function markdown(rows: BenchRow[]): string {
  const lines = [`| case | ${COLUMNS.join(' | ')} |`, `|${' --- |'.repeat(COLUMNS.length + 1)}`];
  for (const r of rows) lines.push(`| ${r.label} | ${COLUMNS.map((c) => String(r.values[c] ?? '')).join(' | ')} |`);
  return lines.join('\n');
}

export const reportsBenchmark: Benchmark = {
  name: 'reports',
  ownWorker: true,
  async setup() {
    // The history repair runs once as the worker starts, then not during the runs: its commands are not the reports'.
    return { env: { HISTORY_REPAIR_INTERVAL_MS: '3600000' }, stop: async () => undefined };
  },
  async run(context: BenchContext) {
    const { url, env, say } = context;
    const login = await seedDemo(context, SCALE);
    const token = login.accessToken;
    const reader = `u:${Buffer.from(login.user.id, 'base64url').toString('utf8').split(':')[1]!}`;
    const { gc, how } = collector();

    const client = new MongoClient(env.MONGO_URL!);
    await client.connect();

    // The worker, in this process, watched.
    const { loadConfig } = await fromDist<typeof EnvModule>('server/src/config/env.js');
    const { createLogger } = await fromDist<typeof LoggerModule>('server/src/logger.js');
    const { createWorkerApp } = await fromDist<typeof WorkerAppModule>('workers/src/worker-app.js');
    const worker = await createWorkerApp(loadConfig(env), createLogger('warn', 'maestro-bench-worker'));
    const commands = new CommandWatch(worker.mongo);
    await worker.start();
    // Let the history repair of its start-up pass.
    await new Promise((r) => setTimeout(r, 2000));

    const runs: RunFigures[] = [];
    const exports: Array<Record<ExportWay, ExportFigures>> = [];
    let servers = 0;
    let createdAtValues = 0;
    const subsets: Array<{ label: string; expected: number }> = [];
    /** The memory series: every run of each size. */
    const series: RunFigures[][] = [];
    try {
      const inventory = client.db().collection('inventory');
      const serverFilter = { $and: [{ 'access.read': reader }, { type: 'Server' }, { active: true }] };
      servers = await inventory.countDocuments(serverFilter);
      // The seed writes servers in batches, each with its own createdAt: a date splits them only between batches; their cores split them anywhere.
      createdAtValues = (await inventory.find(serverFilter, { projection: { _id: 0, createdAt: 1 } }).toArray()).reduce((s, d) => s.add(String(d.createdAt)), new Set<string>()).size;
      const quarter = await inventory.countDocuments({ $and: [...serverFilter.$and, { cpu: { $lt: 3 } }] });
      const half = await inventory.countDocuments({ $and: [...serverFilter.$and, { cpu: { $lt: 5 } }] });
      say(`  ${servers} servers (${createdAtValues} distinct createdAt); ${quarter} with 2 cores, ${half} with at most 4`);

      // (1) The pivot.
      const pivot = ((await gql(url, token, CREATE, {
        i: {
          name: 'Bench pivot',
          kind: 'PIVOT',
          levels: [
            { level: 'CLIENT', enabled: true },
            { level: 'SYSTEM', enabled: true },
            { level: 'APPLICATION', enabled: true, columns: ['environment', 'language'] },
            { level: 'SERVER', enabled: true, columns: ['ipv4Private', 'environment', 'osDistribution', 'cpu', 'memory', 'tags'] },
          ],
        },
      })) as { createReport: { id: string } }).createReport.id;
      runs.push(await measureRun(context, token, '(1) pivot clients → systems → applications → servers', pivot, commands, gc));

      // (2) and (3): every server, then about a quarter and a half of them (by cores), then every server again for the memory series.
      const single = async (name: string, filters: unknown[]) =>
        ((await gql(url, token, CREATE, { i: { name, entity: 'Server', columns: SERVER_COLUMNS.map(([key]) => key), filters } })) as { createReport: { id: string } }).createReport.id;
      const all = await single('Bench servers', []);
      runs.push(await measureRun(context, token, `(2) single-entity: all ${servers.toLocaleString('en')} servers`, all, commands, gc));
      subsets.push({ label: '(3a) servers with 2 cores (cpu < 3)', expected: quarter }, { label: '(3b) servers with at most 4 cores (cpu < 5)', expected: half });
      const quarterReport = await single('Bench servers, 2 cores', [{ field: 'cpu', comparer: 'LESS_THAN', number: 3 }]);
      const halfReport = await single('Bench servers, up to 4 cores', [{ field: 'cpu', comparer: 'LESS_THAN', number: 5 }]);
      // Peaks depend on when the collector happens to run: each size MEMORY_ROUNDS times, taking turns, and the medians.
      const seriesOf: Array<[label: string, reportId: string, expected: number]> = [
        [subsets[0]!.label, quarterReport, quarter],
        [subsets[1]!.label, halfReport, half],
        [`(3c) all ${servers.toLocaleString('en')} servers again`, all, servers],
      ];
      for (let r = 0; r < MEMORY_ROUNDS; r += 1) {
        for (const [i, [label, reportId, expected]] of seriesOf.entries()) {
          const figures = await measureRun(context, token, `${label} #${r + 1}`, reportId, commands, gc);
          if (figures.rows !== expected) throw new Error(`${label}: ${figures.rows} rows, the database holds ${expected}`);
          (series[i] ??= []).push(figures);
        }
      }
      if (runs[1]!.rows !== servers) throw new Error(`the report of every server has ${runs[1]!.rows} rows, the database holds ${servers}`);

      // (4) CSV export of the run of every server: through the API, the same servers with the bare driver, and the run's pages with the bare driver, taking turns.
      const runId = runs[1]!.runId;
      const runHex = Buffer.from(runId, 'base64url').toString('utf8').split(':')[1]!;
      const ways: Record<ExportWay, () => Promise<ExportFigures>> = {
        ours: async () => {
          const before = await readMongoCounters(url);
          const figures = await exportThroughApi(url, token, runId);
          return { ...figures, apiCommands: difference(await readMongoCounters(url), before).commands };
        },
        bare: () => exportBare(client, reader),
        pages: () => exportPagesBare(client, runHex),
      };
      const order: ExportWay[] = ['ours', 'bare', 'pages'];
      for (let i = 0; i < EXPORT_ROUNDS; i += 1) {
        const turn: Partial<Record<ExportWay, ExportFigures>> = {};
        // Each round starts with another one.
        for (let k = 0; k < order.length; k += 1) {
          const way = order[(i + k) % order.length]!;
          turn[way] = await ways[way]();
          if (turn[way].rows !== servers) throw new Error(`export round ${i + 1}, ${way}: ${turn[way].rows} rows, ${servers} servers`);
        }
        exports.push(turn as Record<ExportWay, ExportFigures>);
        say(`  (4) export round ${i + 1}: ${order.map((w) => `${w} ${Math.round(turn[w]!.ms)} ms (${turn[w]!.bytes} bytes${turn[w]!.apiCommands !== undefined ? `, ${turn[w]!.apiCommands} API commands` : ''})`).join(', ')}`);
      }
    } finally {
      await worker.stop();
      await client.close();
    }

    const [q, h, again] = series.map(medianRun) as [RunFigures, RunFigures, RunFigures];
    const rows = [...runs, q, h, again].map(runRow);
    const mid = (way: ExportWay) => median(exports.map((e) => e[way].ms));
    const [oursMs, bareMs, pagesMs] = [mid('ours'), mid('bare'), mid('pages')];
    const exportCommands = median(exports.map((e) => e.ours.apiCommands ?? 0));
    const exportRow = (label: string, ms: number, extra: Record<string, string | number> = {}): BenchRow => ({
      label,
      values: { rows: servers, 'run s': round(ms / 1000, 3), 'rows/s': Math.round(servers / (ms / 1000)), ...extra },
    });
    rows.push(
      exportRow('(4) CSV export of (2): GET /reports/runs/<id>/export (median)', oursMs, { 'worker commands': `API ${exportCommands}` }),
      exportRow('(4) same servers from the inventory, bare driver → csv-stringify (median)', bareMs),
      exportRow('(4) the run\'s pages, bare driver → csv-stringify (median)', pagesMs),
    );
    const cores = availableParallelism();
    const slowest = (r: RunFigures) =>
      Object.entries(r.workerMsByCommand)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, ms]) => `${k} ${r.workerByCommand[k]}× ${ms} ms`)
        .join(', ');
    const notes = [
      `cores (os.availableParallelism()): ${cores}; scale ${SCALE}: ${servers} servers; memory: ${how}, two collections and 200 ms before each run, then process.memoryUsage() every ${SAMPLE_MS} ms until the run has ended; figures are the peak less the value just before runReport`,
      `memory as rows grow (single-entity report, ${q.rows} → ${h.rows} → ${again.rows} rows, medians of ${MEMORY_ROUNDS} runs each): peak RSS +${round(q.memory.rssMb, 1)} → +${round(h.memory.rssMb, 1)} → +${round(again.memory.rssMb, 1)} MB, ` +
        `peak heap +${round(q.memory.heapMb, 1)} → +${round(h.memory.heapMb, 1)} → +${round(again.memory.heapMb, 1)} MB; ` +
        `${again.rows} rows against ${q.rows}: RSS ${ratio(again.memory.rssMb, q.memory.rssMb)}, heap ${ratio(again.memory.heapMb, q.memory.heapMb)} (goal: flat, 1)`,
      ...series.map((list) => {
        const each = (f: (r: RunFigures) => number) => list.map((r) => `+${round(f(r), 1)}`).join(' ');
        return `${list[0]!.label.replace(/ #\d+$/, '')}, each run: peak RSS ${each((r) => r.memory.rssMb)} MB, peak heap ${each((r) => r.memory.heapMb)} MB, heap left after a full collection once it ended ${each((r) => r.memory.retainedHeapMb)} MB, run s ${list.map((r) => round(r.durationMs / 1000, 1)).join(' ')}`;
      }),
      'RSS is not handed back to the system between runs: the series comes after (1) and (2), whose growth it reuses, so +0 means the run needed no memory the process did not already hold; the heap peak counts garbage not yet collected, so it moves with when the collector runs (hence the medians), while the heap left after a full collection says what a run keeps',
      `the subsets: ${createdAtValues} distinct createdAt among the ${servers} servers (the seed writes them in batches, each batch with its own time), so a date splits them only between batches, not at a quarter; ` +
        'the generator picks cores at random from 2, 4, 8, 16, so cpu < 3 and cpu < 5 take about a quarter and a half (counts read from the database, checked against the runs)',
      `CSV export, ${EXPORT_ROUNDS} rounds taking turns, medians: through the API ${Math.round(oursMs)} ms, bare driver from the inventory ${Math.round(bareMs)} ms, bare driver from the run's pages ${Math.round(pagesMs)} ms; ` +
        `ours / bare ${round(oursMs / bareMs, 2)} (goal: 1.5 or less), ours / pages ${round(oursMs / pagesMs, 2)}; API commands per export: ${exportCommands}`,
      'the export reads the run\'s stored pages (500 rows each as JSON text: 20 documents for 10,000 rows) over HTTP, token checked, into a counting sink in this process; the bare path reads the inventory itself (same fields, filter and order) with the driver in this process, no HTTP: not the same source, hence the third line, the same pages with the bare driver',
      `worker commands: the in-process worker's during the run (driver command monitoring); runReport commands: the API's for the mutation (its /metrics); "run s" is the run's own durationMs (worker start to end), "wall s" from runReport sent until a poll (every ${POLL_MS} ms) saw it end`,
      ...[...runs, ...series.map((list) => list[0]!)].map((r) => `${r.label}: in MongoDB ${Math.round(r.workerMongoMs)} ms of ${Math.round(r.durationMs)}; ${describe(r.workerByCommand)}; slowest: ${slowest(r)}`),
    ];
    say(`\n${markdown(rows)}\n`);
    return {
      name: 'reports',
      title: `report runs at scale ${SCALE} (${servers.toLocaleString('en')} servers), worker in process, ${cores} cores`,
      columns: COLUMNS,
      rows,
      notes,
      data: {
        cores,
        scale: SCALE,
        servers,
        memoryHow: how,
        runs: [...runs, ...series.flat()].map((r) => ({ ...r, durationMs: Math.round(r.durationMs), wallMs: Math.round(r.wallMs), workerMongoMs: Math.round(r.workerMongoMs) })),
        seriesMedians: [q, h, again].map((r) => ({ label: r.label, rows: r.rows, durationMs: Math.round(r.durationMs), memory: r.memory })),
        exports,
        exportMedianMs: { ours: Math.round(oursMs), bare: Math.round(bareMs), pages: Math.round(pagesMs), oursOverBare: round(oursMs / bareMs, 3), oursOverPages: round(oursMs / pagesMs, 3) },
        memoryRatio: { rss: q.memory.rssMb > 0 ? round(again.memory.rssMb / q.memory.rssMb, 3) : null, heap: round(again.memory.heapMb / q.memory.heapMb, 3) },
      },
    };
  },
};
