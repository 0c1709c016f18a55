import { request as httpRequest } from 'node:http';
import { availableParallelism } from 'node:os';
import type * as AppModule from '../server/src/app.ts';
import type * as EnvModule from '../server/src/config/env.ts';
import type * as LoggerModule from '../server/src/logger.ts';
import type * as ScopeModule from '../server/src/modules/access/scope.ts';
import type * as ActorModule from '../server/src/modules/history/actor.ts';
import type * as ServicesModule from '../server/src/services.ts';
import type * as WorkerAppModule from '../workers/src/worker-app.ts';
import type { InventoryDoc } from '../server/src/modules/inventory/engine/entity-def.ts';
import { gql } from './http.ts';
import { round } from './metrics.ts';
import { collector, CommandWatch, fromDist, MemoryWatch } from './worker-watch.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * Dependency graphs of 500, 2,000 and 5,000 applications with four times as
 * many DEPENDS_ON edges: ten layers, each application depending on four of
 * the next layer, the first layer a system's applications (its roots).
 * Each graph is built once through the API (createGraph, buildGraph, then
 * graphBuild polled until it has ended) by a worker running in this
 * process: the build's own timings (walk, metrics, layout, SVG), the PNG
 * drawn from the SVG (through the export route), the worker's peak memory,
 * and its MongoDB commands, which grow with the depth, not the size.
 */

const SIZES = (process.env.BENCH_GRAPH_SIZES ?? '500,2000,5000').split(',').map(Number);
const LAYERS = 10;
const EDGES_PER_APP = 4;
const POLL_MS = 100;

/** A small seeded pseudo-random generator: the same graphs every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function timePng(url: string, token: string, path: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolvePng, reject) => {
    const started = performance.now();
    const request = httpRequest(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      let bytes = 0;
      response.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      response.on('end', () => (response.statusCode === 200 ? resolvePng({ ms: performance.now() - started, bytes }) : reject(new Error(`PNG export answered ${response.statusCode}`))));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

export const graphsBenchmark: Benchmark = {
  name: 'graphs',
  ownWorker: true,
  async run(context: BenchContext) {
    const { url, env, say } = context;
    const signup = (await gql(url, null, 'mutation { signup(input: { email: "graphs@bench.example.com", password: "benchmark password", name: "Cartographer" }) { accessToken user { id } } }')) as {
      signup: { accessToken: string; user: { id: string } };
    };
    const token = signup.signup.accessToken;
    const userHex = Buffer.from(signup.signup.user.id, 'base64url').toString('utf8').split(':')[1]!;
    const { gc, how } = collector();

    const { loadConfig } = await fromDist<typeof EnvModule>('server/src/config/env.js');
    const { createLogger } = await fromDist<typeof LoggerModule>('server/src/logger.js');
    const { connectInfrastructure } = await fromDist<typeof AppModule>('server/src/app.js');
    const { createServices } = await fromDist<typeof ServicesModule>('server/src/services.js');
    const { Scope } = await fromDist<typeof ScopeModule>('server/src/modules/access/scope.js');
    const { userActor } = await fromDist<typeof ActorModule>('server/src/modules/history/actor.js');
    const { createWorkerApp } = await fromDist<typeof WorkerAppModule>('workers/src/worker-app.js');
    const config = loadConfig(env);
    // The inventory is written through the services, as an import and a source would.
    const infra = await connectInfrastructure(config);
    const { services, mailer } = await createServices(config, infra, createLogger('warn', 'maestro-bench-seed'), 'bench-seed');
    const scope = new Scope(userHex, new Map());
    const worker = await createWorkerApp(config, createLogger('warn', 'maestro-bench-worker'));
    const commands = new CommandWatch(worker.mongo);
    await worker.start();
    await new Promise((r) => setTimeout(r, 2000));

    const rows: BenchRow[] = [];
    const data: Record<string, unknown> = { cores: availableParallelism(), sizes: SIZES, gc: how };
    try {
      for (const size of SIZES) {
        say(`  seeding ${size} applications and ${size * EDGES_PER_APP * (LAYERS - 1) / LAYERS} relations…`);
        const rnd = random(size);
        const names = Array.from({ length: size }, (_, i) => `g${size}-app-${String(i).padStart(5, '0')}`);
        const imported = await services.inventory.importRows(scope, 'Application', names.map((name, i) => ({ name, family: i < size / LAYERS ? 'WEB' : 'API' })));
        const all = imported.rows.map((r) => r.doc).filter((d): d is InventoryDoc => d !== null);
        if (all.length !== size) throw new Error(`graph of ${size}: the import wrote ${all.length} applications`);
        const byName = new Map(all.map((d) => [d.name, d]));
        const perLayer = size / LAYERS;
        const layerOf = (i: number) => Math.floor(i / perLayer);
        const edges: Array<{ kind: 'DEPENDS_ON'; from: InventoryDoc; to: InventoryDoc }> = [];
        for (let i = 0; i < size; i += 1) {
          const layer = layerOf(i);
          if (layer === LAYERS - 1) continue;
          for (let k = 0; k < EDGES_PER_APP; k += 1) {
            const j = Math.floor((layer + 1) * perLayer + rnd() * perLayer);
            edges.push({ kind: 'DEPENDS_ON', from: byName.get(names[i]!)!, to: byName.get(names[j]!)! });
          }
        }
        const system = (await services.inventory.create(scope, 'System', { name: `System of ${size}` })).doc;
        const roots = names.slice(0, perLayer).map((n) => byName.get(n)!);
        await services.relations.linkMany(userActor(scope), [...edges, ...roots.map((r) => ({ kind: 'PART_OF' as const, from: r, to: system }))]);

        const created = (await gql(url, token, 'mutation($i: GraphInput!) { createGraph(input: $i) { id } }', {
          i: { name: `Graph of ${size}`, source: 'SYSTEM', sourceIds: [Buffer.from(`System:${system._id.toHexString()}`).toString('base64url')], depth: LAYERS },
        })) as { createGraph: { id: string } };
        const memory = new MemoryWatch();
        gc();
        gc();
        await new Promise((r) => setTimeout(r, 200));
        commands.reset();
        memory.start();
        const started = performance.now();
        const build = ((await gql(url, token, 'mutation($id: ID!) { buildGraph(id: $id) { id } }', { id: created.createGraph.id })) as { buildGraph: { id: string } }).buildGraph;
        let state: { status: string; error: string | null; durationMs: number | null; timings: Record<string, number>; notice: string | null; metrics: { nodes: number; edges: number; density: number } | null; exportUrl: string };
        for (;;) {
          state = ((await gql(url, token, 'query($id: ID!) { graphBuild(id: $id) { status error durationMs timings notice metrics { nodes edges density } exportUrl(format: PNG) } }', { id: build.id })) as { graphBuild: typeof state }).graphBuild;
          if (state.status !== 'QUEUED' && state.status !== 'RUNNING') break;
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
        const wallMs = performance.now() - started;
        const mem = memory.stop(gc);
        if (state.status !== 'SUCCEEDED') throw new Error(`graph of ${size}: the build ended ${state.status}: ${state.error}`);
        const png = await timePng(url, token, state.exportUrl);
        const t = state.timings;
        const workerCommands = commands.total();
        rows.push({
          label: `${size} applications`,
          values: {
            items: state.metrics!.nodes,
            relations: state.metrics!.edges,
            'build s': round((state.durationMs ?? wallMs) / 1000, 2),
            'walk s': round(((t.roots ?? 0) + (t.walk ?? 0)) / 1000, 2),
            'metrics s': round(((t.membership ?? 0) + (t.metrics ?? 0)) / 1000, 2),
            'layout s': round((t.layout ?? 0) / 1000, 2),
            'SVG s': round((t.svg ?? 0) / 1000, 2),
            'PNG s (export)': round(png.ms / 1000, 2),
            'PNG KB': Math.round(png.bytes / 1024),
            'worker peak RSS MB': `+${round(mem.rssMb, 1)}`,
            'worker peak heap MB': `+${round(mem.heapMb, 1)}`,
            'worker commands': workerCommands,
          },
        });
        data[String(size)] = { state, wallMs, png, memory: mem, commands: Object.fromEntries(commands.counts) };
        say(`  ${size}: ${state.metrics!.nodes} items, ${state.metrics!.edges} relations in ${Math.round(state.durationMs ?? wallMs)} ms (${JSON.stringify(t)}), PNG ${Math.round(png.ms)} ms, ${workerCommands} commands${state.notice ? `; ${state.notice}` : ''}`);
      }
    } finally {
      await worker.stop();
      mailer.close();
      await infra.close();
    }
    return {
      name: 'graphs',
      title: `Dependency graph builds (${LAYERS} layers, ${EDGES_PER_APP} dependencies per application), worker in process, ${availableParallelism()} cores`,
      columns: ['items', 'relations', 'build s', 'walk s', 'metrics s', 'layout s', 'SVG s', 'PNG s (export)', 'PNG KB', 'worker peak RSS MB', 'worker peak heap MB', 'worker commands'],
      rows,
      notes: [
        `cores (os.availableParallelism()): ${availableParallelism()}; memory: ${how}, peak less the value just before buildGraph, sampled every 20 ms`,
        'build s is the build\'s own duration (the worker\'s start to end): walk (two commands per depth), metrics (systems and clients of the items: four commands), layout (elkjs), SVG; PNG is drawn from the SVG by resvg when the export route is asked for it',
        'worker commands: the in-process worker\'s during the build (driver command monitoring): they grow with the depth (ten), not with the number of items',
      ],
      data,
    };
  },
};
