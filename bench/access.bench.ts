import { MongoClient, ObjectId } from 'mongodb';
import { difference, median, readMongoCounters, round } from './metrics.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * The cost of access control. A member of 20 teams lists the 1,000
 * datacenters granted to those teams, among 20,000 owned by others; an owner
 * lists the 1,000 she owns directly (a scope with no team filter). Same
 * GraphQL query, side by side, sequential requests.
 */

const TEAMS = 20;
const VISIBLE = 1000;
const OTHERS = 20_000;
const ROUNDS = 15;
const QUERY = '{ datacenters(first: 1000) { totalCount edges { node { id name provider tags } } } }';

async function call(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`request failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function signup(url: string, name: string): Promise<{ token: string; hex: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: SignupInput!) { signup(input: $i) { accessToken user { id } } }',
      variables: { i: { email: `${name}-${Date.now()}@bench.example.com`, password: 'benchmark password', name } },
    }),
  });
  const body = (await response.json()) as { data: { signup: { accessToken: string; user: { id: string } } } };
  const hex = Buffer.from(body.data.signup.user.id, 'base64url').toString('utf8').split(':')[1]!;
  return { token: body.data.signup.accessToken, hex };
}

function datacenter(i: number, ownerKey: string, ownerKind: 'user' | 'team', ownerId: string, readers: string[]) {
  const now = new Date();
  const grants = [{ kind: ownerKind, id: ownerId, role: 'admin', grantedAt: now, grantedBy: null }];
  return {
    _id: new ObjectId(),
    type: 'Datacenter',
    keywords: [`dc-${i}`, 'bench', `group-${i % 10}`],
    name: `dc-${i}`,
    nameLower: `dc-${i}`,
    provider: i % 2 ? 'AWS' : 'OPENSTACK',
    regions: ['eu-west-1'],
    zones: ['eu-west-1a'],
    tags: ['bench', `group-${i % 10}`],
    active: true,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    owner: { kind: ownerKind, id: ownerId },
    grants,
    access: { read: [ownerKey, ...readers].sort(), write: [ownerKey], admin: [ownerKey] },
  };
}

async function seed(context: BenchContext): Promise<{ member: string; owner: string }> {
  const { url } = context;
  const member = await signup(url, 'member');
  const owner = await signup(url, 'owner');
  const teamIds: string[] = [];
  for (let t = 0; t < TEAMS; t += 1) {
    const data = (await call(url, member.token, 'mutation($n: String!) { createTeam(input: { name: $n }) { id } }', { n: `team-${t}` })) as {
      createTeam: { id: string };
    };
    teamIds.push(Buffer.from(data.createTeam.id, 'base64url').toString('utf8').split(':')[1]!);
  }
  const client = new MongoClient(context.env.MONGO_URL!);
  await client.connect();
  try {
    const collection = client.db().collection('inventory');
    const stranger = new ObjectId().toHexString();
    const docs = [];
    for (let i = 0; i < VISIBLE; i += 1) docs.push(datacenter(i, `u:${stranger}`, 'user', stranger, [`t:${teamIds[i % TEAMS]}`]));
    for (let i = 0; i < VISIBLE; i += 1) docs.push(datacenter(i, `u:${owner.hex}`, 'user', owner.hex, []));
    for (let i = 0; i < OTHERS; i += 1) {
      const other = new ObjectId().toHexString();
      docs.push(datacenter(i, `u:${other}`, 'user', other, []));
    }
    for (let i = 0; i < docs.length; i += 2000) await collection.insertMany(docs.slice(i, i + 2000), { ordered: false });
    context.say(`  seeded ${docs.length} datacenters, ${TEAMS} teams`);
  } finally {
    await client.close();
  }
  return { member: member.token, owner: owner.token };
}

async function measure(url: string, token: string): Promise<{ totalMs: number; mongoMs: number; commands: number; byCommand: Record<string, number>; count: number }> {
  const before = await readMongoCounters(url);
  const started = performance.now();
  const data = (await call(url, token, QUERY)) as { datacenters: { totalCount: number; edges: unknown[] } };
  const totalMs = performance.now() - started;
  const after = await readMongoCounters(url);
  const delta = difference(after, before);
  if (data.datacenters.edges.length !== VISIBLE || data.datacenters.totalCount !== VISIBLE) {
    throw new Error(`expected ${VISIBLE} datacenters, got ${data.datacenters.edges.length} of ${data.datacenters.totalCount}`);
  }
  return { totalMs, mongoMs: delta.busySeconds * 1000, commands: delta.commands, byCommand: delta.byCommand, count: data.datacenters.totalCount };
}

export const accessBenchmark: Benchmark = {
  name: 'access-control-cost',
  async run(context) {
    const tokens = await seed(context);
    for (let i = 0; i < 3; i += 1) {
      await measure(context.url, tokens.member);
      await measure(context.url, tokens.owner);
    }
    const runs = { member: [] as Awaited<ReturnType<typeof measure>>[], owner: [] as Awaited<ReturnType<typeof measure>>[] };
    for (let i = 0; i < ROUNDS; i += 1) {
      runs.member.push(await measure(context.url, tokens.member));
      runs.owner.push(await measure(context.url, tokens.owner));
    }
    const summary = (label: string, list: typeof runs.member): BenchRow & { total: number; mongo: number } => {
      const total = median(list.map((r) => r.totalMs));
      const mongo = median(list.map((r) => r.mongoMs));
      const commands = [...new Set(list.map((r) => r.commands))];
      return {
        label,
        total,
        mongo,
        values: {
          'commands/request': commands.join(' or '),
          'by command': Object.entries(list[0]!.byCommand).map(([k, v]) => `${k}×${v}`).join(' '),
          'total ms (p50)': round(total, 1),
          'in MongoDB ms (p50)': round(mongo, 1),
          'ours ms (p50)': round(total - mongo, 1),
        },
      };
    };
    const member = summary(`member of ${TEAMS} teams`, runs.member);
    const owner = summary('owner, no team filter', runs.owner);
    return {
      name: 'access-control-cost',
      title: `list ${VISIBLE} visible datacenters among ${OTHERS + 2 * VISIBLE} (${ROUNDS} sequential requests each, medians)`,
      columns: ['commands/request', 'by command', 'total ms (p50)', 'in MongoDB ms (p50)', 'ours ms (p50)'],
      rows: [member, owner],
      notes: [
        `total time ratio member / owner: ${round(member.total / owner.total, 2)}x; our own time ratio: ${round((member.total - member.mongo) / (owner.total - owner.mongo), 2)}x`,
        'In MongoDB: wall-clock time with a command in flight (driver command monitoring); with FerretDB it is mostly a scan of the collection.',
      ],
      data: { member: runs.member, owner: runs.owner },
    };
  },
};
