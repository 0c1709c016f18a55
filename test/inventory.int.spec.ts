import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { mongoCommands, totalCommands } from './support/metrics.ts';

const CREATE_SERVER = `mutation($input: CreateServerInput!) { createServer(input: $input) { server { id hostname ipv4Private ipv4Public environment tags active os { base distribution } } warnings { code message path } } }`;
const CREATE_APP = `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id name family environment active } warnings { code } } }`;
const LINK = 'mutation($input: LinkInput!) { link(input: $input) { id kind from { id } to { id } } }';

type Call = <T = Record<string, unknown>>(q: string, v?: Record<string, unknown>) => Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;

async function make(call: Call, mutation: string, input: Record<string, unknown>, key: string): Promise<string> {
  const result = await call<Record<string, Record<string, { id: string }>>>(mutation, { input });
  const payload = (result.data as Record<string, Record<string, { id: string }>> | undefined)?.[Object.keys(result.data ?? {})[0] ?? ''];
  if (!payload?.[key]) throw new Error(`create failed: ${JSON.stringify(result.errors)}`);
  return payload[key]!.id;
}

describe('the inventory graph', () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let call: Call;

  beforeAll(async () => {
    api = await startTestApi('inventory');
    [alice, bob] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob')]);
    call = (q, v = {}) => api.call(q, v, alice.accessToken);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('offers the option lists seeded at start-up', async () => {
    const result = await call<{ configOptions: { environments: Array<{ name: string }>; services: Array<{ name: string; family: string }> } }>(
      '{ configOptions { environments { name } services { name family } } }',
    );
    expect(result.data?.configOptions.environments.map((e) => e.name)).toEqual(['PRODUCTION', 'STAGING', 'DEVELOPMENT', 'TESTING']);
    expect(result.data?.configOptions.services).toContainEqual({ name: 'nginx', family: 'Web server' });
    expect(codeOf(await api.call('{ configOptions { environments { name } } }'))).toBe('UNAUTHENTICATED');
  });

  it('creates a server with the shape SPEC fixes, and warns about a duplicate hostname or private IP', async () => {
    const input = { hostname: 'web-01.prod', ipv4Private: '10.0.0.11', ipv4Public: '203.0.113.7', environment: 'PRODUCTION', tags: ['web', 'web', 'eu'], os: { base: 'LINUX', distribution: 'ubuntu' } };
    const first = await call<{ createServer: { server: Record<string, unknown>; warnings: unknown[] } }>(CREATE_SERVER, { input });
    expect(first.data?.createServer.server).toMatchObject({ hostname: 'web-01.prod', ipv4Private: '10.0.0.11', environment: 'PRODUCTION', tags: ['web', 'eu'], active: true });
    expect(first.data?.createServer.warnings).toEqual([]);
    const second = await call<{ createServer: { warnings: Array<{ code: string; path: string }> } }>(CREATE_SERVER, { input: { ...input, ipv4Public: null } });
    expect(second.data?.createServer.warnings.map((w) => w.path)).toEqual(['input.hostname', 'input.ipv4Private']);
    // Another owner's duplicate is none of Alice's business.
    const other = await api.call<{ createServer: { warnings: unknown[] } }>(CREATE_SERVER, { input }, bob.accessToken);
    expect(other.data?.createServer.warnings).toEqual([]);
  });

  it('names every bad field, changes nothing, and refuses keys starting with $ or holding a dot', async () => {
    const before = await call<{ servers: { totalCount: number } }>('{ servers { totalCount } }');
    const bad = await call(CREATE_SERVER, { input: { hostname: 'bad host!', ipv4Private: '10.0.0.300', cpu: 0, tags: ['$where', 'a.b'] } });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const fields = (bad.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path);
    expect(fields).toEqual(['input.hostname', 'input.ipv4Private', 'input.cpu', 'input.tags.0', 'input.tags.1']);
    const after = await call<{ servers: { totalCount: number } }>('{ servers { totalCount } }');
    expect(after.data?.servers.totalCount).toBe(before.data?.servers.totalCount);
  });

  it('filters, sorts and pages with cursors and a total count', async () => {
    for (let i = 0; i < 7; i += 1) {
      await call(CREATE_SERVER, { input: { hostname: `db-${i}.stage`, environment: i % 2 ? 'STAGING' : 'DEVELOPMENT', cpu: 2 + i, tags: i < 3 ? ['db', 'old'] : ['db'] } });
    }
    const page = `query($after: String) { servers(filter: { hostname: { contains: "DB-" } }, orderBy: { field: CPU, direction: DESC }, first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ... on Server { hostname cpu } } } } }`;
    type Page = { servers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { hostname: string; cpu: number } }> } };
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Awaited<ReturnType<typeof call<Page>>> = await call<Page>(page, { after });
      const data = result.data as Page;
      expect(data.servers.totalCount).toBe(7);
      seen.push(...data.servers.edges.map((e) => e.node.cpu));
      if (!data.servers.pageInfo.hasNextPage) break;
      after = data.servers.pageInfo.endCursor;
    }
    expect(seen).toEqual([8, 7, 6, 5, 4, 3, 2]);

    const filtered = await call<{ servers: { totalCount: number } }>('{ servers(filter: { environment: [STAGING], tags: { all: ["db", "old"] }, cpu: { gte: 3 } }) { totalCount } }');
    expect(filtered.data?.servers.totalCount).toBe(1);
    const since = await call<{ servers: { totalCount: number } }>('query($d: DateTimeISO!) { servers(filter: { createdAt: { after: $d } }) { totalCount } }', { d: new Date(Date.now() + 60_000).toISOString() });
    expect(since.data?.servers.totalCount).toBe(0);
  });

  it('hides deleted items unless asked, and restores them', async () => {
    const id = await make(call, CREATE_SERVER, { hostname: 'temp-01' }, 'server');
    await call('mutation($id: ID!) { deleteServer(id: $id) { server { active } } }', { id });
    const hidden = await call<{ servers: { totalCount: number } }>('{ servers(filter: { hostname: { equals: "TEMP-01" } }) { totalCount } }');
    expect(hidden.data?.servers.totalCount).toBe(0);
    const deleted = await call<{ servers: { totalCount: number } }>('{ servers(filter: { hostname: { equals: "temp-01" }, active: false }) { totalCount } }');
    expect(deleted.data?.servers.totalCount).toBe(1);
    const restored = await call<{ restoreServer: { server: { active: boolean } } }>('mutation($id: ID!) { restoreServer(id: $id) { server { active } } }', { id });
    expect(restored.data?.restoreServer.server.active).toBe(true);
  });

  it('links items with typed edges, both ways, refusing wrong kinds, duplicates and self-links', async () => {
    const server = await make(call, CREATE_SERVER, { hostname: 'app-01' }, 'server');
    const app = await make(call, CREATE_APP, { name: 'Checkout', family: 'API', environment: 'PRODUCTION' }, 'application');
    const db = await make(call, 'mutation($input: CreateDatabaseInput!) { createDatabase(input: $input) { database { id } } }', { name: 'orders-db', engine: 'POSTGRESQL' }, 'database');
    expect(codeOf(await call(LINK, { input: { from: app, to: server, kind: 'RUNS_ON' } }))).toBeUndefined();
    expect(codeOf(await call(LINK, { input: { from: app, to: db, kind: 'DEPENDS_ON' } }))).toBeUndefined();
    expect(codeOf(await call(LINK, { input: { from: app, to: server, kind: 'RUNS_ON' } }))).toBe('CONFLICT');
    expect(codeOf(await call(LINK, { input: { from: server, to: app, kind: 'RUNS_ON' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(LINK, { input: { from: app, to: app, kind: 'DEPENDS_ON' } }))).toBe('BAD_USER_INPUT');

    const view = await call<{ application: { runsOn: { totalCount: number; edges: Array<{ node: { id: string } }> }; dependsOn: { edges: Array<{ node: { id: string } }> } }; server: { runs: { edges: Array<{ node: { id: string; name: string } }> } } }>(
      `query($a: ID!, $s: ID!) {
        application(id: $a) { runsOn { totalCount edges { node { id } } } dependsOn { edges { node { id } } } }
        server(id: $s) { runs { edges { node { id ... on Application { name } } } } }
      }`,
      { a: app, s: server },
    );
    expect(view.data?.application.runsOn.edges.map((e) => e.node.id)).toEqual([server]);
    expect(view.data?.application.dependsOn.edges.map((e) => e.node.id)).toEqual([db]);
    expect(view.data?.server.runs.edges.map((e) => e.node)).toEqual([{ id: app, name: 'Checkout' }]);

    const found = await call<{ search: Array<{ id: string }> }>('{ search(query: "checkout") { id } }');
    expect(found.data?.search.map((n) => n.id)).toEqual([app]);
    const byIp = await call<{ search: Array<{ __typename: string }> }>('{ search(query: "10.0.0.11", types: ["Server"]) { __typename } }');
    expect(byIp.data?.search.length).toBeGreaterThan(0);
  });

  it('answers dependencies and impact breadth first, cycle-safe, without crossing what the caller cannot read', async () => {
    // web → api → db; api → cache; cache → api (a cycle); db runs on a server Bob owns and did not share.
    const web = await make(call, CREATE_APP, { name: 'web' }, 'application');
    const apiApp = await make(call, CREATE_APP, { name: 'api' }, 'application');
    const cache = await make(call, 'mutation($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }', { name: 'cache', family: 'CACHE' }, 'resource');
    const db = await make(call, 'mutation($input: CreateDatabaseInput!) { createDatabase(input: $input) { database { id } } }', { name: 'main-db', engine: 'MYSQL' }, 'database');
    const server = await make(call, CREATE_SERVER, { hostname: 'db-host' }, 'server');
    await call(LINK, { input: { from: web, to: apiApp, kind: 'DEPENDS_ON' } });
    await call('mutation($input: DependencyTreeInput!) { setDependencies(input: $input) { added removed } }', { input: { from: apiApp, dependsOn: [db, cache] } });
    await call(LINK, { input: { from: cache, to: apiApp, kind: 'DEPENDS_ON' } });
    await call(LINK, { input: { from: db, to: server, kind: 'RUNS_ON' } });

    type Hops = Array<{ node: { id: string }; depth: number; path: string[]; via: string }>;
    const deps = await call<{ dependencies: Hops }>('query($id: ID!) { dependencies(id: $id, depth: 10) { node { id } depth path via } }', { id: web });
    const byId = new Map(deps.data?.dependencies.map((h) => [h.node.id, h]));
    expect(byId.get(apiApp)).toMatchObject({ depth: 1, via: 'DEPENDS_ON', path: [web, apiApp] });
    expect(byId.get(db)).toMatchObject({ depth: 2, path: [web, apiApp, db] });
    expect(byId.get(cache)?.depth).toBe(2);
    expect(byId.get(server)).toMatchObject({ depth: 3, via: 'RUNS_ON' });
    expect(deps.data?.dependencies).toHaveLength(4);

    const impact = await call<{ impact: Hops }>('query($id: ID!) { impact(id: $id) { node { id } depth } }', { id: server });
    expect(impact.data?.impact.map((h) => [h.node.id, h.depth])).toEqual([[db, 1], [apiApp, 2], [cache, 3], [web, 3]]);

    // Bob can read the server only: its impact shows him nothing he cannot read, and does not walk through it.
    await call('mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }', { input: { entityId: server, userEmail: bob.email, role: 'READ' } });
    await call('mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }', { input: { entityId: web, userEmail: bob.email, role: 'READ' } });
    const bobImpact = await api.call<{ impact: Hops }>('query($id: ID!) { impact(id: $id, depth: 10) { node { id } } }', { id: server }, bob.accessToken);
    expect(bobImpact.data?.impact).toEqual([]);
    const hidden = await api.call('query($id: ID!) { impact(id: $id) { depth } }', { id: db }, bob.accessToken);
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(codeOf(await api.call(LINK, { input: { from: web, to: server, kind: 'RUNS_ON' } }, bob.accessToken))).toBe('FORBIDDEN');
  });
});

describe('nested queries cost commands bounded by depth, not by items', () => {
  let api: TestApi;
  let alice: TestUser;

  beforeAll(async () => {
    api = await startTestApi('nested');
    alice = await signUp(api, 'Alice');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('clients → systems → applications → servers, 20 per level, within a fixed number of MongoDB commands', async () => {
    const call: Call = (q, v = {}) => api.call(q, v, alice.accessToken);
    const createMany = async (mutation: string, key: string, inputs: Array<Record<string, unknown>>) => Promise.all(inputs.map((input) => make(call, mutation, input, key)));
    const clients = await createMany('mutation($input: CreateClientInput!) { createClient(input: $input) { client { id } } }', 'client', Array.from({ length: 20 }, (_, i) => ({ name: `client-${i}` })));
    const systems = await createMany('mutation($input: CreateSystemInput!) { createSystem(input: $input) { system { id } } }', 'system', Array.from({ length: 20 }, (_, i) => ({ name: `system-${i}` })));
    const apps = await createMany(CREATE_APP, 'application', Array.from({ length: 20 }, (_, i) => ({ name: `app-${i}` })));
    const servers = await createMany(CREATE_SERVER, 'server', Array.from({ length: 20 }, (_, i) => ({ hostname: `srv-${i}` })));
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await call(LINK, { input: { from: systems[i], to: clients[i], kind: 'SERVES' } });
        await call(LINK, { input: { from: apps[i], to: systems[i], kind: 'PART_OF' } });
        await call(LINK, { input: { from: apps[i], to: servers[i], kind: 'RUNS_ON' } });
        await call(LINK, { input: { from: apps[(i + 1) % 20], to: systems[i], kind: 'PART_OF' } });
      }),
    );
    const metrics = async () => totalCommands(await mongoCommands(api.url));
    const before = await metrics();
    const result = await call<{ clients: { edges: Array<{ node: { systems: { edges: Array<{ node: { applications: { edges: Array<{ node: { runsOn: { totalCount: number } } }> } } }> } } }> } }>(
      `{ clients(first: 20) { edges { node { ... on Client { name systems(first: 20) { edges { node { ... on System { name applications(first: 20) { edges { node { ... on Application { name runsOn(first: 20) { totalCount edges { node { ... on Server { hostname } } } } } } } } } } } } } } } } }`,
    );
    const commands = (await metrics()) - before;
    expect(result.errors).toBeUndefined();
    const clientsSeen = result.data!.clients.edges;
    expect(clientsSeen).toHaveLength(20);
    const appsSeen = clientsSeen.flatMap((c) => c.node.systems.edges.flatMap((s) => s.node.applications.edges));
    expect(appsSeen).toHaveLength(40);
    expect(appsSeen.every((a) => a.node.runsOn.totalCount === 1)).toBe(true);
    // user + teams + clients page + count, then an edges query and a nodes query per level (3 levels).
    expect(commands).toBeLessThanOrEqual(4 + 3 * 2);
  }, 120_000);
});

describe('bulk import and export', () => {
  let api: TestApi;
  let alice: TestUser;
  const IMPORT = 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created updated unchanged failed rows { row status id errors { path message } } } }';
  type ImportData = { importInventory: { created: number; updated: number; unchanged: number; failed: number; rows: Array<{ row: number; status: string; errors: Array<{ path: string }> }> } };

  beforeAll(async () => {
    api = await startTestApi('transfer');
    alice = await signUp(api, 'Alice');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('imports CSV idempotently on hostnames, with per-row results and errors', async () => {
    const csv = [
      'hostname,ipv4Private,environment,cpu,os.base,tags',
      'csv-01,10.1.0.1,PRODUCTION,4,LINUX,web;eu',
      'csv-02,10.1.0.2,STAGING,2,LINUX,web',
      'csv-03,10.1.0.999,PRODUCTION,two,LINUX,',
    ].join('\n');
    const first = await api.call<ImportData>(IMPORT, { input: { type: 'Server', format: 'CSV', data: csv } }, alice.accessToken);
    expect(first.data?.importInventory).toMatchObject({ created: 2, updated: 0, unchanged: 0, failed: 1 });
    expect(first.data?.importInventory.rows[2]).toMatchObject({ row: 3, status: 'ERROR' });
    expect(first.data?.importInventory.rows[2]!.errors.map((e) => e.path)).toEqual(['rows.3.ipv4Private', 'rows.3.cpu']);

    const again = await api.call<ImportData>(IMPORT, { input: { type: 'Server', format: 'CSV', data: csv } }, alice.accessToken);
    expect(again.data?.importInventory).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 1 });

    const changed = await api.call<ImportData>(IMPORT, { input: { type: 'Server', format: 'JSON', data: JSON.stringify([{ hostname: 'CSV-01', ipv4Private: '10.1.0.1', environment: 'PRODUCTION', cpu: 8, os: { base: 'LINUX' }, tags: ['web', 'eu'] }]) } }, alice.accessToken);
    expect(changed.data?.importInventory).toMatchObject({ created: 0, updated: 1 });
    const listed = await api.call<{ servers: { totalCount: number; edges: Array<{ node: { cpu: number } }> } }>('{ servers(filter: { hostname: { equals: "csv-01" } }) { totalCount edges { node { ... on Server { cpu } } } } }', {}, alice.accessToken);
    expect(listed.data?.servers).toEqual({ totalCount: 1, edges: [{ node: { cpu: 8 } }] });
  });

  it('warns about private IPs held twice by the same owner, in the file or already there, and writes the rows anyway', async () => {
    const WARN = 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created rows { row status warnings { code path message } } } }';
    type WarnData = { importInventory: { created: number; rows: Array<{ row: number; status: string; warnings: Array<{ code: string; path: string; message: string }> }> } };
    const bob = await signUp(api, 'Bob');
    await api.call('mutation { createServer(input: { hostname: "dup-00", ipv4Private: "10.9.0.1" }) { server { id } } }', {}, bob.accessToken);
    const csv = ['hostname,ipv4Private', 'dup-01,10.9.0.1', 'dup-02,10.9.0.2', 'dup-03,10.9.0.2', 'dup-04,10.9.0.4'].join('\n');
    const result = await api.call<WarnData>(WARN, { input: { type: 'Server', format: 'CSV', data: csv } }, bob.accessToken);
    expect(result.data?.importInventory.created).toBe(4);
    const warned = result.data!.importInventory.rows.map((r) => r.warnings.map((w) => `${w.code} ${w.path}`));
    expect(warned).toEqual([['DUPLICATE rows.1.ipv4Private'], ['DUPLICATE rows.2.ipv4Private'], ['DUPLICATE rows.3.ipv4Private'], []]);
    expect(result.data!.importInventory.rows[0]!.warnings[0]!.message).toBe('1 other server of the same owner already has ipv4Private 10.9.0.1: dup-00.');
    // Another owner's servers are not duplicates of Bob's.
    const carol = await signUp(api, 'Carol');
    const hers = await api.call<WarnData>(WARN, { input: { type: 'Server', format: 'CSV', data: 'hostname,ipv4Private\ndup-05,10.9.0.4' } }, carol.accessToken);
    expect(hers.data!.importInventory.rows[0]!.warnings).toEqual([]);
  });

  it('refuses a file over the size limit with a clear error', async () => {
    const small = await startTestApi('transfer-limit', { MAX_IMPORT_BYTES: '2048' });
    try {
      const user = await signUp(small, 'Bulk');
      const data = ['hostname', ...Array.from({ length: 300 }, (_, i) => `bulk-${i}`)].join('\n');
      const result = await small.call(IMPORT, { input: { type: 'Server', format: 'CSV', data } }, user.accessToken);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/most an import takes is 2048 bytes/);
    } finally {
      await small.stop();
    }
  });

  it('exports a filtered list as CSV and JSON, streamed, only what the caller can read', async () => {
    const headers = { authorization: `Bearer ${alice.accessToken}` };
    const filter = encodeURIComponent(JSON.stringify({ environment: ['PRODUCTION'] }));
    const csv = await fetch(`${api.url}/export/servers?format=csv&filter=${filter}`, { headers });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^id,hostname,ipv4Private,ipv4Public,environment/);
    expect(lines).toHaveLength(2);
    // The JSON import matched csv-01 ignoring case, and took its new spelling.
    expect(lines[1]).toContain(',CSV-01,');

    const json = (await (await fetch(`${api.url}/export/servers?format=json`, { headers })).json()) as Array<{ hostname: string }>;
    expect(json.map((s) => s.hostname).sort()).toEqual(['CSV-01', 'csv-02']);

    const stranger = await signUp(api, 'Stranger');
    const none = (await (await fetch(`${api.url}/export/servers?format=json`, { headers: { authorization: `Bearer ${stranger.accessToken}` } })).json()) as unknown[];
    expect(none).toEqual([]);
    expect((await fetch(`${api.url}/export/servers?format=json`)).status).toBe(401);
    const bad = await fetch(`${api.url}/export/servers?filter=${encodeURIComponent('{"environment":{"$ne":null}}')}`, { headers });
    expect(bad.status).toBe(400);
  });
});
