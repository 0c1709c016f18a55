import { MongoClient, type ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { mongoCommands, totalCommands } from './support/metrics.ts';

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
    // 5,000 links through the API would take minutes here: the edges are written as `link` writes them, with copies of their ends.
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
