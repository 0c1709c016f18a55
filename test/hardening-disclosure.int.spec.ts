import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, joinTeam, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { listenerBaseline, record, waitForListeners } from './support/live.ts';

type Result<T> = { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const CREATE_SERVER = 'mutation($input: CreateServerInput!) { createServer(input: $input) { server { id } warnings { code path message items { id ... on Server { hostname } } } } }';
const UPDATE_SERVER = 'mutation($id: ID!, $input: UpdateServerInput!) { updateServer(id: $id, input: $input) { server { id } warnings { code path message items { id ... on Server { hostname } } } } }';
const IMPORT = 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created updated rows { row status warnings { code path message items { id } } } } }';
const GRANT = 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }';
const REVOKE = 'mutation($input: RevokeAccessInput!) { revokeAccess(input: $input) { access { role } } }';
const SET_DEPENDENCIES = 'mutation($input: DependencyTreeInput!) { setDependencies(input: $input) { added removed dependsOn { id } } }';
const DEPENDS_ON = 'query($id: ID!) { application(id: $id) { dependsOn { totalCount edges { node { id } } } } }';

interface Warning {
  code: string;
  path: string;
  message: string;
  items: Array<{ id: string; hostname?: string }>;
}
type ServerPayload = { server: { id: string }; warnings: Warning[] };

describe('no answer reveals what the caller cannot read', () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;

  const as = <T,>(user: TestUser, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    api.call<T>(query, variables, user.accessToken, headers) as Promise<Result<T>>;

  async function createServer(user: TestUser, input: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ServerPayload> {
    const result = await as<{ createServer: ServerPayload }>(user, CREATE_SERVER, { input }, headers);
    if (!result.data) throw new Error(`create failed: ${JSON.stringify(result.errors)}`);
    return result.data.createServer;
  }

  async function grant(entityId: string, user: TestUser, role: string): Promise<void> {
    const result = await as(alice, GRANT, { input: { entityId, userEmail: user.email, role } });
    expect(result.errors).toBeUndefined();
  }

  beforeAll(async () => {
    api = await startTestApi('hardening-disclosure');
    [alice, bob] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob')]);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('counts and names in duplicate warnings only the items the caller can read, with links to them', async () => {
    const hidden = await createServer(alice, { hostname: 'priv-01', ipv4Private: '10.50.0.1' });
    const shared = await createServer(alice, { hostname: 'shared-01', ipv4Private: '10.50.0.2' });
    const visible = await createServer(alice, { hostname: 'seen-01', ipv4Private: '10.50.0.3' });
    await grant(shared.server.id, bob, 'WRITE');
    await grant(visible.server.id, bob, 'READ');

    // Bob, with WRITE on one server of Alice's, cannot test which IPs and hostnames her private servers have.
    const probeIp = await as<{ updateServer: ServerPayload }>(bob, UPDATE_SERVER, { id: shared.server.id, input: { ipv4Private: '10.50.0.1' } });
    expect(probeIp.data?.updateServer.warnings).toEqual([]);
    const probeName = await as<{ updateServer: ServerPayload }>(bob, UPDATE_SERVER, { id: shared.server.id, input: { hostname: 'priv-01' } });
    expect(probeName.data?.updateServer.warnings).toEqual([]);

    // What he can read is counted and named, with a link.
    const seen = await as<{ updateServer: ServerPayload }>(bob, UPDATE_SERVER, { id: shared.server.id, input: { ipv4Private: '10.50.0.3' } });
    expect(seen.data?.updateServer.warnings).toEqual([
      {
        code: 'DUPLICATE',
        path: 'input.ipv4Private',
        message: '1 other server of the same owner already has ipv4Private 10.50.0.3: seen-01.',
        items: [{ id: visible.server.id, hostname: 'seen-01' }],
      },
    ]);

    // Alice, who reads them all, is told of both.
    const mine = await as<{ updateServer: ServerPayload }>(alice, UPDATE_SERVER, { id: hidden.server.id, input: { hostname: 'seen-01', ipv4Private: '10.50.0.3' } });
    expect(mine.data?.updateServer.warnings.map((w) => [w.path, w.items.map((i) => i.id)])).toEqual([
      ['input.hostname', [visible.server.id]],
      ['input.ipv4Private', [shared.server.id, visible.server.id]],
    ]);
    // Bob renamed the shared server priv-01 above.
    expect(mine.data?.updateServer.warnings[1]!.message).toBe('2 other servers of the same owner already have ipv4Private 10.50.0.3: priv-01, seen-01.');
  });

  it('counts in the warnings of creations and imports only what the caller can read in a team workspace', async () => {
    const team = (await as<{ createTeam: { id: string } }>(alice, 'mutation { createTeam(input: { name: "ops" }) { id } }')).data!.createTeam.id;
    await joinTeam(api, alice, bob, team, 'WRITE');
    const inTeam = { 'x-maestro-workspace': team };
    // A team server Alice keeps to herself: she is its admin, the team's grant is taken away.
    const secret = await createServer(alice, { hostname: 'vault-01', ipv4Private: '10.60.0.1' }, inTeam);
    await grant(secret.server.id, alice, 'ADMIN');
    expect((await as(alice, REVOKE, { input: { entityId: secret.server.id, principalId: team } })).errors).toBeUndefined();
    const open = await createServer(alice, { hostname: 'open-01', ipv4Private: '10.60.0.2' }, inTeam);

    const created = await createServer(bob, { hostname: 'bob-01', ipv4Private: '10.60.0.1' }, inTeam);
    expect(created.warnings).toEqual([]);
    const named = await createServer(bob, { hostname: 'vault-01' }, inTeam);
    expect(named.warnings).toEqual([]);

    const csv = ['hostname,ipv4Private', 'bob-02,10.60.0.1', 'bob-03,10.60.0.2', 'bob-04,10.60.0.9', 'bob-05,10.60.0.9'].join('\n');
    const imported = await as<{ importInventory: { created: number; rows: Array<{ row: number; warnings: Array<{ path: string; message: string; items: Array<{ id: string }> }> }> } }>(
      bob,
      IMPORT,
      { input: { type: 'Server', format: 'CSV', data: csv } },
      inTeam,
    );
    expect(imported.data?.importInventory.created).toBe(4);
    const rows = imported.data!.importInventory.rows;
    // Row 1 shares its IP with bob-01 (which Bob made) but not with the server he cannot read.
    expect(rows[0]!.warnings.map((w) => w.message)).toEqual(['1 other server of the same owner already has ipv4Private 10.60.0.1: bob-01.']);
    expect(rows[0]!.warnings[0]!.items).toEqual([{ id: created.server.id }]);
    expect(rows[1]!.warnings[0]!.items).toEqual([{ id: open.server.id }]);
    expect(rows[2]!.warnings.map((w) => w.path)).toEqual(['rows.3.ipv4Private']);
    expect(rows[3]!.warnings.map((w) => w.path)).toEqual(['rows.4.ipv4Private']);

    // Nor do the totals of the lists Bob reads count it.
    const bobTotal = await as<{ servers: { totalCount: number } }>(bob, '{ servers(filter: { hostname: { contains: "vault" } }) { totalCount } }', {}, inTeam);
    expect(bobTotal.data?.servers.totalCount).toBe(1);
    const aliceTotal = await as<{ servers: { totalCount: number } }>(alice, '{ servers(filter: { hostname: { contains: "vault" } }) { totalCount } }', {}, inTeam);
    expect(aliceTotal.data?.servers.totalCount).toBe(2);
  });

  it('does not tell setDependencies callers of a dependency they cannot see, and keeps it', async () => {
    const app = async (name: string) =>
      (await as<{ createApplication: { application: { id: string } } }>(alice, 'mutation($n: String!) { createApplication(input: { name: $n }) { application { id } } }', { n: name })).data!
        .createApplication.application.id;
    const [front, secretDb, cache, queue] = [await app('front'), await app('secret-db'), await app('cache'), await app('queue')];
    expect((await as(alice, SET_DEPENDENCIES, { input: { from: front, dependsOn: [secretDb, queue] } })).errors).toBeUndefined();
    await grant(front, bob, 'WRITE');
    await grant(cache, bob, 'WRITE');
    await grant(queue, bob, 'WRITE');

    // Bob sees one dependency, and counts one.
    const before = await as<{ application: { dependsOn: { totalCount: number; edges: Array<{ node: { id: string } }> } } }>(bob, DEPENDS_ON, { id: front });
    expect(before.data?.application.dependsOn).toEqual({ totalCount: 1, edges: [{ node: { id: queue } }] });

    // Setting the tree he sees works, and says nothing of the one he cannot.
    const set = await as<{ setDependencies: { added: number; removed: number; dependsOn: Array<{ id: string }> } }>(bob, SET_DEPENDENCIES, { input: { from: front, dependsOn: [cache] } });
    expect(set.errors).toBeUndefined();
    expect(set.data?.setDependencies).toEqual({ added: 1, removed: 1, dependsOn: [{ id: cache }] });
    const empty = await as<{ setDependencies: { added: number; removed: number } }>(bob, SET_DEPENDENCIES, { input: { from: front, dependsOn: [] } });
    expect(empty.data?.setDependencies).toEqual({ added: 0, removed: 1, dependsOn: [] });

    // What he could not see is still there for Alice.
    const after = await as<{ application: { dependsOn: { totalCount: number; edges: Array<{ node: { id: string } }> } } }>(alice, DEPENDS_ON, { id: front });
    expect(after.data?.application.dependsOn).toEqual({ totalCount: 1, edges: [{ node: { id: secretDb } }] });
    // Naming it is answered as for an item that does not exist.
    const named = await as(bob, SET_DEPENDENCIES, { input: { from: front, dependsOn: [secretDb] } });
    expect(codeOf(named)).toBe('NOT_FOUND');
  });

  it('does not name in history, activity or live changes the other end of a link that the reader cannot read', async () => {
    const server = await createServer(alice, { hostname: 'linked-01' });
    const app = await as<{ createApplication: { application: { id: string } } }>(alice, 'mutation { createApplication(input: { name: "secret-app" }) { application { id } } }');
    const appId = app.data!.createApplication.application.id;
    await grant(server.server.id, bob, 'READ');
    const base = await listenerBaseline(api.url, ['entityChanged']);
    const live = record<{ entityChanged: { operation: string; diff: Array<{ path: string; before: unknown; after: unknown; hidden: boolean }> } }>(
      api.url.replace('http', 'ws') + '/graphql',
      bob.accessToken,
      `subscription { entityChanged(ids: ["${server.server.id}"]) { operation diff { path before after hidden } } }`,
    );
    await waitForListeners(api.url, { entityChanged: base.entityChanged! + 1 });
    const linked = await as(alice, 'mutation($a: ID!, $s: ID!) { link(input: { from: $a, to: $s, kind: RUNS_ON }) { id } }', { a: appId, s: server.server.id });
    expect(linked.errors).toBeUndefined();

    const hiddenLink = { path: 'relations.RUNS_ON.in', before: null, after: null, hidden: true };
    const event = await live.next((m) => m.entityChanged.operation === 'LINK', 'the LINK event');
    expect(event.entityChanged.diff).toEqual([hiddenLink]);
    await live.dispose();
    const HISTORY = 'query($id: ID!) { history(id: $id, first: 1) { edges { node { operation diff { path before after hidden } } } } }';
    const bobs = await as<{ history: { edges: Array<{ node: { operation: string; diff: unknown[] } }> } }>(bob, HISTORY, { id: server.server.id });
    expect(bobs.data?.history.edges[0]?.node).toEqual({ operation: 'LINK', diff: [hiddenLink] });
    const ACTIVITY = '{ activity(filter: { operations: [LINK] }, first: 10) { edges { node { entityId diff { path after hidden } } } } }';
    const activity = await as<{ activity: { edges: Array<{ node: { entityId: string; diff: unknown[] } }> } }>(bob, ACTIVITY);
    expect(activity.data?.activity.edges.map((e) => e.node).filter((n) => n.entityId === server.server.id)).toEqual([{ entityId: server.server.id, diff: [{ path: 'relations.RUNS_ON.in', after: null, hidden: true }] }]);
    expect(JSON.stringify([event, bobs, activity])).not.toContain(appId);
    // Alice, who reads both ends, sees the application; so does Bob once he may read it.
    const alices = await as<{ history: { edges: Array<{ node: { diff: unknown[] } }> } }>(alice, HISTORY, { id: server.server.id });
    expect(alices.data?.history.edges[0]?.node.diff).toEqual([{ path: 'relations.RUNS_ON.in', before: null, after: appId, hidden: false }]);
    await grant(appId, bob, 'READ');
    const later = await as<{ history: { edges: Array<{ node: { diff: unknown[] } }> } }>(bob, HISTORY, { id: server.server.id });
    expect(later.data?.history.edges[0]?.node.diff).toEqual([{ path: 'relations.RUNS_ON.in', before: null, after: appId, hidden: false }]);
  });
});
