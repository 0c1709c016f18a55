import { MongoClient, type ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../server/src/modules/access/scope.ts';
import { systemActor } from '../server/src/modules/history/actor.ts';
import type { InventoryDoc } from '../server/src/modules/inventory/engine/entity-def.ts';
import { generateInventory } from '../server/src/seed/generate.ts';
import { applySeed } from '../server/src/seed/seed.ts';
import { codeOf, signUp, startTestApi, startTestSource, type TestApi, type TestSource, type TestUser } from './support/app.ts';
import { commandsBetween, mongoCommands, mongoCommandsIn, totalCommands } from './support/metrics.ts';

const IMPORT = 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created failed } }';
const GRANT = 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }';
const REVOKE = 'mutation($input: RevokeAccessInput!) { revokeAccess(input: $input) { access { role } } }';
const LINK = 'mutation($input: LinkInput!) { link(input: $input) { id } }';
const SERVERS_IN = `query($id: ID!, $first: Int, $after: String) { datacenter(id: $id) { servers(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id ... on Server { hostname } } } } } }`;
const CONTENTS_IN = 'query($id: ID!) { datacenter(id: $id) { contents(first: 5) { totalCount edges { node { id } } } } }';

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { id: string; hostname: string } }> };
type ServersIn = { datacenter: { servers: Page } | null };

const NEIGHBOURS = 5_000;

/** Hex of a global id (base64url of `Type:hex`). */
const hexOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

/** Every server of a datacenter, page after page with `after`, as `token` sees them. */
async function walkServers(api: TestApi, datacenter: string, token: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const result: { data?: ServersIn } = await api.call<ServersIn>(SERVERS_IN, { id: datacenter, first, after }, token);
    const page: Page = result.data!.datacenter!.servers;
    seen.push(...page.edges.map((e) => e.node.hostname));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

describe('relation fields page in the database', () => {
  let api: TestApi;
  let alice: TestUser;
  let datacenter: string;
  let names: string[];

  const metrics = async (): Promise<{ commands: number; inventory: number; relations: number }> => {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const commands = totalCommands(await mongoCommands(api.url));
    const returned = (collection: string) => Number(new RegExp(`^maestro_mongodb_documents_returned_total\\{collection="${collection}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return { commands, inventory: returned('inventory'), relations: returned('relations') };
  };


  const walk = (token: string, first: number) => walkServers(api, datacenter, token, first);

  beforeAll(async () => {
    api = await startTestApi('relation-pages');
    alice = await signUp(api, 'Alice');
    const created = await api.call<{ createDatacenter: { datacenter: { id: string } } }>(
      'mutation { createDatacenter(input: { name: "dc-big", provider: BARE_METAL }) { datacenter { id } } }',
      {},
      alice.accessToken,
    );
    datacenter = created.data!.createDatacenter.datacenter.id;
    names = Array.from({ length: NEIGHBOURS }, (_, i) => `node-${String((i * 7919) % NEIGHBOURS).padStart(4, '0')}`);
    const imported = await api.call<{ importInventory: { created: number; failed: number } }>(
      IMPORT,
      { input: { type: 'Server', format: 'CSV', data: ['hostname', ...names].join('\n') } },
      alice.accessToken,
    );
    expect(imported.data?.importInventory).toEqual({ created: NEIGHBOURS, failed: 0 });
    // 5,000 links through the API would take minutes here: the edges are written straight to the database, as they were
    // stored before edges had revisions and changes of their own, with copies of their ends: they read as any other.
    const client = new MongoClient(api.config.mongoUrl);
    try {
      const db = client.db();
      type Item = { _id: ObjectId; nameLower: string; revision: number; access: { read: string[] } };
      const copy = (side: 'from' | 'to', doc: Item) => ({ [`${side}Readers`]: doc.access.read, [`${side}Name`]: doc.nameLower, [`${side}Rev`]: doc.revision });
      const servers = await db.collection<Item>('inventory').find({ type: 'Server' }).toArray();
      const dc = (await db.collection<Item>('inventory').findOne({ type: 'Datacenter' }))!;
      const to = hexOf(datacenter);
      await db.collection<{ _id: string }>('relations').insertMany(
        servers.map((s) => ({
          _id: `LOCATED_IN|${s._id.toHexString()}|${to}`,
          kind: 'LOCATED_IN',
          from: s._id.toHexString(),
          to,
          fromType: 'Server',
          toType: 'Datacenter',
          createdAt: new Date(),
          createdBy: alice.id,
          ...copy('from', s),
          ...copy('to', dc),
        })),
      );
    } finally {
      await client.close();
    }
    // A network in the datacenter too: `servers` leaves it out, `contents` counts it.
    const network = await api.call<{ createNetwork: { network: { id: string } } }>('mutation { createNetwork(input: { name: "net-big", kind: VPC }) { network { id } } }', {}, alice.accessToken);
    const linked = await api.call(LINK, { input: { from: network.data!.createNetwork.network.id, to: datacenter, kind: 'LOCATED_IN' } }, alice.accessToken);
    expect(linked.errors).toBeUndefined();
  }, 240_000);
  afterAll(async () => {
    await api.stop();
  });

  it('a relation field with first: 20 on an item with 5,000 neighbours loads 20', async () => {
    const before = await metrics();
    const result = await api.call<ServersIn>(SERVERS_IN, { id: datacenter, first: 20 }, alice.accessToken);
    const after = await metrics();
    expect(result.errors).toBeUndefined();
    const page = result.data!.datacenter!.servers;
    expect(page.edges).toHaveLength(20);
    expect(page.totalCount).toBe(NEIGHBOURS);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.map((e) => e.node.hostname)).toEqual([...names].sort().slice(0, 20));
    // The datacenter and the page's 20 servers; 21 edges (one more tells there is a next page) and the count's answer.
    expect(after.inventory - before.inventory).toBeGreaterThanOrEqual(20);
    expect(after.inventory - before.inventory).toBeLessThanOrEqual(21);
    expect(after.relations - before.relations).toBeLessThanOrEqual(22);
    // user + teams, the datacenter, then the page of edges, their count, and the page's items.
    expect(after.commands - before.commands).toBeLessThanOrEqual(6);
  });

  it('walks every neighbour exactly once in name order with after, and filters by type in the count', async () => {
    const seen = await walk(alice.accessToken, 700);
    expect(seen).toEqual([...names].sort());
    const contents = await api.call<{ datacenter: { contents: { totalCount: number } } }>(CONTENTS_IN, { id: datacenter }, alice.accessToken);
    expect(contents.data?.datacenter.contents.totalCount).toBe(NEIGHBOURS + 1);
  }, 120_000);

  it('refuses a cursor that is not a neighbour cursor with BAD_USER_INPUT on after', async () => {
    for (const after of [Buffer.from(JSON.stringify([{ $gt: '' }, 'x'])).toString('base64url'), Buffer.from('[3]').toString('base64url'), 'not a cursor']) {
      const result = await api.call<ServersIn>(SERVERS_IN, { id: datacenter, first: 5, after }, alice.accessToken);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.fields).toEqual([{ path: 'after', message: 'is not a valid cursor' }]);
    }
  });
});

describe('relation fields never page through what the caller cannot read', () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let datacenter: string;

  const walk = (token: string, first: number) => walkServers(api, datacenter, token, first);

  beforeAll(async () => {
    api = await startTestApi('relation-access');
    [alice, bob] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob')]);
    const created = await api.call<{ createDatacenter: { datacenter: { id: string } } }>('mutation { createDatacenter(input: { name: "dc-shared", provider: BARE_METAL }) { datacenter { id } } }', {}, alice.accessToken);
    datacenter = created.data!.createDatacenter.datacenter.id;
    await api.call(IMPORT, { input: { type: 'Server', format: 'CSV', data: ['hostname', ...Array.from({ length: 60 }, (_, i) => `box-${String(i).padStart(2, '0')}`)].join('\n') } }, alice.accessToken);
    const all = await api.call<{ servers: { edges: Array<{ node: { id: string } }> } }>('{ servers(first: 60) { edges { node { id } } } }', {}, alice.accessToken);
    for (const { node } of all.data!.servers.edges) {
      const linked = await api.call(LINK, { input: { from: node.id, to: datacenter, kind: 'LOCATED_IN' } }, alice.accessToken);
      expect(linked.errors).toBeUndefined();
    }
  }, 120_000);
  afterAll(async () => {
    await api.stop();
  });

  it('never shows, counts or pages through neighbours the caller cannot read, as access changes', async () => {
    const first = await api.call<{ servers: { edges: Array<{ node: { id: string; hostname: string } }> } }>(
      '{ servers(first: 30) { edges { node { id ... on Server { hostname } } } } }',
      {},
      alice.accessToken,
    );
    const shared = first.data!.servers.edges.map((e) => e.node);
    for (const entityId of [datacenter, ...shared.map((s) => s.id)]) {
      const granted = await api.call(GRANT, { input: { entityId, userEmail: bob.email, role: 'READ' } }, alice.accessToken);
      expect(granted.errors).toBeUndefined();
    }
    const bobs = await api.call<ServersIn>(SERVERS_IN, { id: datacenter, first: 20 }, bob.accessToken);
    expect(bobs.data?.datacenter?.servers).toMatchObject({ totalCount: 30, pageInfo: { hasNextPage: true } });
    expect(await walk(bob.accessToken, 7)).toEqual(shared.map((s) => s.hostname).sort());

    // A revoke and a delete take the neighbour out of pages and counts at once.
    await api.call(REVOKE, { input: { entityId: shared[0]!.id, userEmail: bob.email } }, alice.accessToken);
    await api.call('mutation($id: ID!) { deleteServer(id: $id) { server { id } } }', { id: shared[1]!.id }, alice.accessToken);
    const later = await walk(bob.accessToken, 7);
    expect(later).toEqual(shared.slice(2).map((s) => s.hostname).sort());
    const alices = await api.call<ServersIn>(SERVERS_IN, { id: datacenter, first: 0 }, alice.accessToken);
    expect(alices.data?.datacenter?.servers.totalCount).toBe(59);
  }, 120_000);

});

const HISTORY = `query($id: ID!, $first: Int) { history(id: $id, first: $first) {
  totalCount edges { node { entityId entityType operation actor { kind } diff { path before after } } } } }`;
type HistoryPage = { history: { totalCount: number; edges: Array<{ node: { entityId: string; entityType: string; operation: string; actor: { kind: string }; diff: Array<{ path: string; before: unknown; after: unknown }> } }> } };

/** Global id of an item (base64url of `Type:hex`). */
const globalOf = (type: string, hex: string) => Buffer.from(`${type}:${hex}`).toString('base64url');

describe('links are changes of the edge, recorded in batches by sources', () => {
  let api: TestApi;
  let source: TestSource;
  let client: MongoClient;

  beforeAll(async () => {
    api = await startTestApi('relation-changes');
    source = await startTestSource(api);
    client = new MongoClient(api.config.mongoUrl);
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await source.stop();
    await client.close();
    await api.stop();
  });

  /** The items of `type` named `names` (lower-cased name), as a source reads them. */
  const items = async (type: string, names: string[]): Promise<InventoryDoc[]> =>
    (await client.db().collection<InventoryDoc>('inventory').find({ type, nameLower: { $in: names.map((n) => n.toLowerCase()) } }).toArray()).sort((a, b) => a.nameLower.localeCompare(b.nameLower));

  it('1,000 links by a source while a person edits both ends: no conflict error, every LINK in history', async () => {
    const alice = await signUp(api, 'Alice');
    const created = await api.call<{ createDatacenter: { datacenter: { id: string } } }>('mutation { createDatacenter(input: { name: "dc-busy", provider: BARE_METAL }) { datacenter { id } } }', {}, alice.accessToken);
    const datacenter = created.data!.createDatacenter.datacenter.id;
    const hostnames = Array.from({ length: 1000 }, (_, i) => `busy-${String(i).padStart(4, '0')}`);
    const imported = await api.call<{ importInventory: { created: number } }>(IMPORT, { input: { type: 'Server', format: 'CSV', data: ['hostname', ...hostnames].join('\n') } }, alice.accessToken);
    expect(imported.data?.importInventory.created).toBe(1000);
    const servers = await items('Server', hostnames);
    const [dc] = await items('Datacenter', ['dc-busy']);
    const edited = servers.slice(0, 10).map((s) => globalOf('Server', s._id.toHexString()));

    // The source links them all in one call; the person edits the datacenter and some servers meanwhile, as long as it runs.
    // (Tags, not names: a rename moves the copies on the item's edges with one multi-document update, and the
    // test server runs a multi-document update beside another one on the same documents without isolating them.)
    let linking = true;
    const linked = source.services.relations.linkMany(systemActor('test-source'), servers.map((s) => ({ kind: 'LOCATED_IN' as const, from: s, to: dc! }))).finally(() => {
      linking = false;
    });
    const errors: unknown[] = [];
    let edits = 0;
    while (linking || edits < 4) {
      const [a, b] = await Promise.all([
        api.call('mutation($id: ID!, $t: [String!]) { updateDatacenter(id: $id, input: { tags: $t }) { datacenter { id } } }', { id: datacenter, t: [`edit-${edits}`] }, alice.accessToken),
        api.call('mutation($id: ID!, $t: [String!]) { updateServer(id: $id, input: { tags: $t }) { server { id } } }', { id: edited[edits % 10], t: [`edit-${edits}`] }, alice.accessToken),
      ]);
      errors.push(...(a.errors ?? []), ...(b.errors ?? []));
      edits += 1;
    }
    expect(await linked).toEqual({ linked: 1000, existing: 0 });
    expect(errors).toEqual([]);

    // The ends moved only by the person's edits; every edge carries the latest copy of them.
    const db = client.db();
    const dcNow = (await db.collection<InventoryDoc>('inventory').findOne({ _id: dc!._id }))!;
    expect(dcNow).toMatchObject({ revision: 1 + edits, tags: [`edit-${edits - 1}`] });
    const serversNow = await db.collection<InventoryDoc>('inventory').find({ _id: { $in: servers.map((s) => s._id) } }).toArray();
    expect(serversNow.reduce((sum, s) => sum + s.revision, 0)).toBe(1000 + edits);
    const edges = await db.collection('relations').find({ to: dc!._id.toHexString() }).toArray();
    expect(edges).toHaveLength(1000);
    expect(edges.every((e) => e.revision === 1 && e.toName === dcNow.nameLower && Object.keys(e.pending ?? {}).length === 0)).toBe(true);
    const names = new Map(serversNow.map((s) => [s._id.toHexString(), s.nameLower]));
    expect(edges.filter((e) => e.fromName !== names.get(e.from as string))).toEqual([]);

    // History holds the 1,000 LINKs, in the datacenter's and in each server's, made by the source.
    const dcHistory = await api.call<HistoryPage>(HISTORY, { id: datacenter, first: 1 }, alice.accessToken);
    expect(dcHistory.data!.history.totalCount).toBe(1 + edits + 1000);
    expect(await db.collection('changes').countDocuments({ operation: 'LINK', ends: dc!._id.toHexString() })).toBe(1000);
    const serverHistory = await api.call<HistoryPage>(HISTORY, { id: globalOf('Server', servers[500]!._id.toHexString()) }, alice.accessToken);
    expect(serverHistory.data!.history.edges.map((e) => e.node)).toEqual([
      { entityId: globalOf('Server', servers[500]!._id.toHexString()), entityType: 'Server', operation: 'LINK', actor: { kind: 'SYSTEM' }, diff: [{ path: 'relations.LOCATED_IN.out', before: null, after: datacenter }] },
      expect.objectContaining({ operation: 'CREATE' }),
    ]);
    const page = await api.call<{ datacenter: { contents: { totalCount: number } } }>(CONTENTS_IN, { id: datacenter }, alice.accessToken);
    expect(page.data?.datacenter.contents.totalCount).toBe(1000);
  }, 120_000);

  it('a batch of links costs the same few MongoDB commands whatever its size', async () => {
    const alice = await signUp(api, 'Alice');
    const network = await api.call<{ createNetwork: { network: { id: string } } }>('mutation { createNetwork(input: { name: "net-batch", kind: VPC }) { network { id } } }', {}, alice.accessToken);
    expect(network.errors).toBeUndefined();
    const hostnames = Array.from({ length: 1010 }, (_, i) => `batch-${String(i).padStart(4, '0')}`);
    await api.call(IMPORT, { input: { type: 'Server', format: 'CSV', data: ['hostname', ...hostnames].join('\n') } }, alice.accessToken);
    const servers = await items('Server', hostnames);
    const [net] = await items('Network', ['net-batch']);
    const cost = async (batch: InventoryDoc[]) => {
      const before = mongoCommandsIn(await source.metrics.metrics());
      const result = await source.services.relations.linkMany(systemActor('test-source'), batch.map((s) => ({ kind: 'USES' as const, from: s, to: net! })));
      expect(result).toEqual({ linked: batch.length, existing: 0 });
      return commandsBetween(before, mongoCommandsIn(await source.metrics.metrics()));
    };
    const small = await cost(servers.slice(0, 10));
    const large = await cost(servers.slice(10));
    // The journal entry, the edges, their changes (three inserts), the entry's removal, one read of the ends.
    expect(small).toEqual({ insert: 3, delete: 1, find: 1 });
    expect(large).toEqual(small);
    // Linking again what is linked writes nothing.
    expect(await source.services.relations.linkMany(systemActor('test-source'), servers.slice(0, 10).map((s) => ({ kind: 'USES' as const, from: s, to: net! })))).toEqual({ linked: 0, existing: 10 });
  }, 120_000);

  it('unlinks and links again as new revisions of the edge, and a second link or unlink keeps its error', async () => {
    const alice = await signUp(api, 'Alice');
    const call = <T>(q: string, v: Record<string, unknown> = {}) => api.call<T>(q, v, alice.accessToken);
    const server = (await call<{ createServer: { server: { id: string } } }>('mutation { createServer(input: { hostname: "relink-01" }) { server { id } } }')).data!.createServer.server.id;
    const app = (await call<{ createApplication: { application: { id: string } } }>('mutation { createApplication(input: { name: "relink-app" }) { application { id } } }')).data!.createApplication.application.id;
    const UNLINK = 'mutation($input: LinkInput!) { unlink(input: $input) { id } }';
    const input = { from: app, to: server, kind: 'RUNS_ON' };
    expect((await call(LINK, { input })).errors).toBeUndefined();
    expect(codeOf(await call(LINK, { input }))).toBe('CONFLICT');
    expect((await call(UNLINK, { input })).errors).toBeUndefined();
    expect(codeOf(await call(UNLINK, { input }))).toBe('NOT_FOUND');
    const RUNS = 'query($id: ID!) { server(id: $id) { runs(first: 5) { totalCount } } }';
    expect((await call<{ server: { runs: { totalCount: number } } }>(RUNS, { id: server })).data?.server.runs.totalCount).toBe(0);
    expect((await call(LINK, { input })).errors).toBeUndefined();
    expect((await call<{ server: { runs: { totalCount: number } } }>(RUNS, { id: server })).data?.server.runs.totalCount).toBe(1);
    const history = await call<HistoryPage>(HISTORY, { id: server });
    expect(history.data!.history.edges.map((e) => [e.node.operation, e.node.diff])).toEqual([
      ['LINK', [{ path: 'relations.RUNS_ON.in', before: null, after: app }]],
      ['UNLINK', [{ path: 'relations.RUNS_ON.in', before: app, after: null }]],
      ['LINK', [{ path: 'relations.RUNS_ON.in', before: null, after: app }]],
      ['CREATE', expect.any(Array)],
    ]);
    // The server never moved: its only revision is its creation.
    const server1 = await client.db().collection('inventory').findOne({ hostname: 'relink-01' });
    expect(server1!.revision).toBe(1);
  });

  it('seeded links appear in history, made by Maestro, once however many times the seed runs', async () => {
    const alice = await signUp(api, 'Seed');
    const userId = Buffer.from(alice.id, 'base64url').toString('utf8').split(':')[1]!;
    const scope = new Scope(userId, new Map());
    const data = generateInventory(1);
    const first = await applySeed(source.services.inventory, source.services.relations, scope, data);
    const end = (type: string, name: string) => `${type}:${name.toLowerCase()}`;
    const edges = new Map(data.relations.map((r) => [`${r.kind}|${end(r.fromType, r.from)}|${end(r.toType, r.to)}`, r]));
    expect(first.relations).toEqual({ created: edges.size, existing: 0 });
    const link = data.relations[0]!;
    const mine = [...edges.values()].filter((r) => end(r.fromType, r.from) === end(link.fromType, link.from) || end(r.toType, r.to) === end(link.fromType, link.from)).length;
    const [item] = (await items(link.fromType, [link.from])).filter((d) => d.access.read.includes(`u:${userId}`));
    const history = await api.call<HistoryPage>(HISTORY, { id: globalOf(link.fromType, item!._id.toHexString()), first: 100 }, alice.accessToken);
    const links = history.data!.history.edges.filter((e) => e.node.operation === 'LINK');
    expect(links).toHaveLength(mine);
    expect(links.every((e) => e.node.actor.kind === 'SYSTEM')).toBe(true);
    const again = await applySeed(source.services.inventory, source.services.relations, scope, data);
    expect(again.relations).toEqual({ created: 0, existing: edges.size });
    const later = await api.call<HistoryPage>(HISTORY, { id: globalOf(link.fromType, item!._id.toHexString()), first: 100 }, alice.accessToken);
    expect(later.data!.history.totalCount).toBe(history.data!.history.totalCount);
  }, 120_000);
});
