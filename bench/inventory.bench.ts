import { MongoClient } from 'mongodb';
import { difference, median, readMongoCounters, round } from './metrics.ts';
import { gql, seedDemo } from './http.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * The inventory graph at scale: the generated inventory of `npm run seed --
 * --scale 250` (10,000 servers, 3,000 applications and databases, 500
 * systems, 100 clients, about 30,000 relations). For each case: MongoDB
 * commands per request, total time, wall-clock time inside MongoDB, and the
 * rest, our own time.
 */

const SCALE = Number(process.env.BENCH_SCALE ?? 250);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const LIST = '{ servers(first: 1000) { totalCount edges { node { ... on Server { id hostname ipv4Private environment cpu memory tags } } } } }';
const NESTED = `{ clients(first: 20) { edges { node { ... on Client { name systems(first: 20) { edges { node { ... on System { name applications(first: 20) { edges { node { ... on Application { name runsOn(first: 20) { totalCount edges { node { ... on Server { hostname } } } } } } } } } } } } } } } } }`;
const IMPACT = 'query($id: ID!) { impact(id: $id, depth: 10) { depth node { id } } }';

interface Sample {
  totalMs: number;
  mongoMs: number;
  commands: number;
  byCommand: Record<string, number>;
  /** Milliseconds inside MongoDB per command name. */
  msByCommand: Record<string, number>;
}

async function sample(url: string, run: () => Promise<unknown>): Promise<Sample> {
  const before = await readMongoCounters(url);
  const started = performance.now();
  await run();
  const totalMs = performance.now() - started;
  const delta = difference(await readMongoCounters(url), before);
  const msByCommand = Object.fromEntries(Object.entries(delta.secondsByCommand).map(([k, v]) => [k, v * 1000]));
  return { totalMs, mongoMs: delta.busySeconds * 1000, commands: delta.commands, byCommand: delta.byCommand, msByCommand };
}

function row(label: string, samples: Sample[], extra: Record<string, string | number> = {}): BenchRow & { total: number } {
  const total = median(samples.map((s) => s.totalMs));
  const mongo = median(samples.map((s) => s.mongoMs));
  return {
    label,
    total,
    values: {
      commands: [...new Set(samples.map((s) => s.commands))].join(' or '),
      'by command': Object.entries(samples[0]!.byCommand).map(([k, v]) => `${k}×${v}`).join(' '),
      // Where the time inside MongoDB goes, per command name (first sample; overlapping commands add up).
      'ms by command': Object.entries(samples[0]!.msByCommand).map(([k, v]) => `${k} ${Math.round(v)}`).join(' '),
      'total ms (p50)': round(total, 1),
      'in MongoDB ms (p50)': round(mongo, 1),
      'ours ms (p50)': round(total - mongo, 1),
      ...extra,
    },
  };
}

export const inventoryBenchmark: Benchmark = {
  name: 'inventory-graph',
  async run(context: BenchContext) {
    const { url, env, say } = context;
    const login = await seedDemo(context, SCALE);
    const token = login.accessToken;
    const userHex = Buffer.from(login.user.id, 'base64url').toString('utf8').split(':')[1]!;

    const client = new MongoClient(env.MONGO_URL!, { monitorCommands: true });
    await client.connect();
    const rows: Array<BenchRow & { total: number }> = [];
    try {
      // (a) A page of 1,000 servers through GraphQL, and the same documents with the bare driver.
      const collection = client.db().collection('inventory');
      let driverCommands = 0;
      client.on('commandStarted', () => {
        driverCommands += 1;
      });
      const bare = async () =>
        collection
          .find({ type: 'Server', active: true, 'access.read': `u:${userHex}` }, { sort: { nameLower: 1, _id: 1 }, limit: 1001, batchSize: 1001 })
          .toArray();
      await bare();
      await gql(url, token, LIST);
      const driver: Sample[] = [];
      const viaApi: Sample[] = [];
      for (let i = 0; i < ROUNDS; i += 1) {
        driverCommands = 0;
        const started = performance.now();
        await bare();
        const ms = performance.now() - started;
        driver.push({ totalMs: ms, mongoMs: ms, commands: driverCommands, byCommand: { find: driverCommands }, msByCommand: { find: ms } });
        viaApi.push(await sample(url, () => gql(url, token, LIST)));
      }
      const a = row('(a) servers(first: 1000) via GraphQL', viaApi);
      const aBare = row('(a) same documents, bare driver', driver);
      rows.push(a, aBare);
      say(`  ${JSON.stringify(a.values)}\n  ${JSON.stringify(aBare.values)}`);

      // (b) The nested four-level query.
      const nested: Sample[] = [];
      for (let i = 0; i < ROUNDS; i += 1) nested.push(await sample(url, () => gql(url, token, NESTED)));
      rows.push(row('(b) clients → systems → applications → servers', nested));
      say(`  (b) ${JSON.stringify(rows.at(-1)!.values)}`);

      // (c) Impact of the database most items depend on, 10 levels deep.
      const shared = (await gql(url, token, '{ databases(filter: { tags: { all: ["shared"] } }, first: 1) { edges { node { id } } } }')) as {
        databases: { edges: Array<{ node: { id: string } }> };
      };
      const dbId = shared.databases.edges[0]!.node.id;
      let hops = 0;
      const impact: Sample[] = [];
      for (let i = 0; i < ROUNDS; i += 1) {
        impact.push(
          await sample(url, async () => {
            const data = (await gql(url, token, IMPACT, { id: dbId })) as { impact: unknown[] };
            hops = data.impact.length;
          }),
        );
      }
      rows.push(row(`(c) impact(shared database, depth 10): ${hops} items`, impact));
      say(`  (c) ${hops} items ${JSON.stringify(rows.at(-1)!.values)}`);

      // (d) Import of 10,000 servers as CSV into a fresh workspace.
      const fresh = (await gql(url, null, 'mutation { signup(input: { email: "importer@bench.example.com", password: "benchmark password", name: "Importer" }) { accessToken } }')) as {
        signup: { accessToken: string };
      };
      const csv = ['hostname,ipv4Private,environment,cpu,memory,os.base,tags', ...Array.from({ length: 10_000 }, (_, i) => `imp-${i}.example,10.200.${Math.floor(i / 250)}.${(i % 250) + 1},PRODUCTION,4,16,LINUX,imported;bench`)].join('\n');
      let result: { created: number } = { created: 0 };
      const imported = await sample(url, async () => {
        const data = (await gql(url, fresh.signup.accessToken, 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created updated unchanged failed } }', {
          input: { type: 'Server', format: 'CSV', data: csv },
        })) as { importInventory: { created: number } };
        result = data.importInventory;
      });
      rows.push(row(`(d) import 10,000 servers (CSV): ${result.created} created`, [imported], { 'rows/s': Math.round(10_000 / (imported.totalMs / 1000)) }));
    } finally {
      await client.close();
    }
    return {
      name: 'inventory-graph',
      title: `inventory graph at scale ${SCALE} (${ROUNDS} sequential requests per case, medians)`,
      columns: ['commands', 'by command', 'ms by command', 'total ms (p50)', 'in MongoDB ms (p50)', 'ours ms (p50)', 'rows/s'],
      rows,
      notes: [
        `(a) GraphQL / bare driver total time: ${round(rows[0]!.total / rows[1]!.total, 2)}x`,
        'FerretDB scans a collection for most filters, so "in MongoDB" dominates here; against MongoDB (MONGO_URL) the indexes serve these queries.',
      ],
      data: Object.fromEntries(rows.map((r) => [r.label, r.values])),
    };
  },
};
