import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../server/src/app.ts';
import { createLogger } from '../server/src/logger.ts';
import { codeOf, joinTeam, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { testConfig } from './support/env.ts';
import { listenerBaseline, record, waitForListeners } from './support/live.ts';
import { gql } from './support/stack.ts';

const wsUrl = (api: TestApi) => `${api.url.replace('http', 'ws')}/graphql`;

const CREATE = `mutation($input: CreateDatacenterInput!) { createDatacenter(input: $input) { datacenter { id name owner { __typename ... on Team { id } ... on User { id } } myRole } } }`;
const GET = 'query($id: ID!) { datacenter(id: $id) { id name myRole } }';
const NODE = 'query($id: ID!) { node(id: $id) { id } }';
const LIST = '{ datacenters(first: 100) { totalCount edges { node { id } } } }';
const SEARCH = 'query($q: String!) { search(query: $q) { id } }';
const UPDATE = 'mutation($id: ID!, $name: String!) { updateDatacenter(id: $id, input: { name: $name }) { datacenter { name } } }';
const DELETE = 'mutation($id: ID!) { deleteDatacenter(id: $id) { datacenter { active } } }';
const GRANT = 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role principal { ... on User { id } ... on Team { id } } } } }';
const REVOKE = 'mutation($input: RevokeAccessInput!) { revokeAccess(input: $input) { access { role } } }';
const CREATE_TEAM = 'mutation($name: String!) { createTeam(input: { name: $name }) { id } }';
const SET_ROLE = 'mutation($t: ID!, $u: ID!, $r: Role!) { setTeamMemberRole(input: { teamId: $t, userId: $u, role: $r }) { id } }';
const REMOVE_MEMBER = 'mutation($t: ID!, $u: ID!) { removeTeamMember(input: { teamId: $t, userId: $u }) { id } }';

interface ChangeMsg {
  entityChanged: { entityId: string; operation: string; diff: Array<{ path: string; before: unknown; after: unknown }>; actor: { kind: string; name: string | null } };
}

const CHANGES = 'subscription { entityChanged(types: ["Datacenter"]) { entityId operation diff { path before after } actor { kind name } } }';

describe('access control on every entity', () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dcId: string;

  beforeAll(async () => {
    api = await startTestApi('access');
    [alice, bob, carol] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob'), signUp(api, 'Carol')]);
    const created = await api.call<{ createDatacenter: { datacenter: { id: string; myRole: string; owner: { id: string } } } }>(
      CREATE,
      { input: { name: 'Paris North', provider: 'BARE_METAL', tags: ['prod-eu'] } },
      alice.accessToken,
    );
    dcId = created.data!.createDatacenter.datacenter.id;
    expect(created.data!.createDatacenter.datacenter.myRole).toBe('ADMIN');
    expect(created.data!.createDatacenter.datacenter.owner.id).toBe(alice.id);
  });
  afterAll(async () => {
    await api.stop();
  });

  it("keeps user A's entity from user B: read, list, count, search, node, update, delete, grant", async () => {
    const t = bob.accessToken;
    expect((await api.call(GET, { id: dcId }, t)).data).toEqual({ datacenter: null });
    expect((await api.call(NODE, { id: dcId }, t)).data).toEqual({ node: null });
    expect((await api.call(LIST, {}, t)).data).toEqual({ datacenters: { totalCount: 0, edges: [] } });
    expect((await api.call(SEARCH, { q: 'paris' }, t)).data).toEqual({ search: [] });
    expect(codeOf(await api.call(UPDATE, { id: dcId, name: 'Mine now' }, t))).toBe('NOT_FOUND');
    expect(codeOf(await api.call(DELETE, { id: dcId }, t))).toBe('NOT_FOUND');
    expect(codeOf(await api.call(GRANT, { input: { entityId: dcId, userEmail: bob.email, role: 'ADMIN' } }, t))).toBe('NOT_FOUND');
    // Nothing changed for its owner.
    const own = await api.call<{ datacenter: { name: string } }>(GET, { id: dcId }, alice.accessToken);
    expect(own.data?.datacenter.name).toBe('Paris North');
    expect((await api.call(SEARCH, { q: 'PARIS' }, alice.accessToken)).data).toEqual({ search: [{ id: dcId }] });
  });

  it('READ lets B see but not change; WRITE lets B change but not delete or grant', async () => {
    await api.call(GRANT, { input: { entityId: dcId, userEmail: bob.email, role: 'READ' } }, alice.accessToken);
    expect((await api.call<{ datacenter: { myRole: string } }>(GET, { id: dcId }, bob.accessToken)).data?.datacenter.myRole).toBe('READ');
    expect((await api.call<{ datacenters: { totalCount: number } }>(LIST, {}, bob.accessToken)).data?.datacenters.totalCount).toBe(1);
    expect(codeOf(await api.call(UPDATE, { id: dcId, name: 'Renamed by Bob' }, bob.accessToken))).toBe('FORBIDDEN');

    await api.call(GRANT, { input: { entityId: dcId, principalId: bob.id, role: 'WRITE' } }, alice.accessToken);
    const updated = await api.call<{ updateDatacenter: { datacenter: { name: string } } }>(UPDATE, { id: dcId, name: 'Paris North 2' }, bob.accessToken);
    expect(updated.data?.updateDatacenter.datacenter.name).toBe('Paris North 2');
    expect(codeOf(await api.call(DELETE, { id: dcId }, bob.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await api.call(GRANT, { input: { entityId: dcId, userEmail: carol.email, role: 'READ' } }, bob.accessToken))).toBe('FORBIDDEN');

    await api.call(REVOKE, { input: { entityId: dcId, principalId: bob.id } }, alice.accessToken);
    expect((await api.call(GET, { id: dcId }, bob.accessToken)).data).toEqual({ datacenter: null });
  });

  it('never leaves an entity without an admin', async () => {
    const result = await api.call(REVOKE, { input: { entityId: dcId, principalId: alice.id } }, alice.accessToken);
    expect(codeOf(result)).toBe('CONFLICT');
    const downgrade = await api.call(GRANT, { input: { entityId: dcId, principalId: alice.id, role: 'WRITE' } }, alice.accessToken);
    expect(codeOf(downgrade)).toBe('CONFLICT');
  });

  it('checks the right before looking up whom a grant names: FORBIDDEN or NOT_FOUND whatever the address, known or not', async () => {
    const nobody = `nobody-${Date.now()}@example.com`;
    const ghostUser = Buffer.from(`User:${'0'.repeat(23)}1`).toString('base64url');
    // Bob reads the datacenter but does not administer it.
    await api.call(GRANT, { input: { entityId: dcId, principalId: bob.id, role: 'READ' } }, alice.accessToken);
    const asBob = [
      await api.call(GRANT, { input: { entityId: dcId, userEmail: nobody, role: 'READ' } }, bob.accessToken),
      await api.call(GRANT, { input: { entityId: dcId, userEmail: carol.email, role: 'READ' } }, bob.accessToken),
      await api.call(GRANT, { input: { entityId: dcId, principalId: ghostUser, role: 'READ' } }, bob.accessToken),
      await api.call(REVOKE, { input: { entityId: dcId, userEmail: nobody } }, bob.accessToken),
      await api.call(REVOKE, { input: { entityId: dcId, userEmail: alice.email } }, bob.accessToken),
    ];
    expect(asBob.map(codeOf)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(new Set(asBob.map((r) => r.errors?.[0]?.message)).size).toBe(1);
    // Carol cannot even see it.
    const asCarol = [
      await api.call(GRANT, { input: { entityId: dcId, userEmail: nobody, role: 'READ' } }, carol.accessToken),
      await api.call(GRANT, { input: { entityId: dcId, userEmail: bob.email, role: 'READ' } }, carol.accessToken),
    ];
    expect(asCarol.map(codeOf)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(asCarol[0]?.errors?.[0]?.message).toBe(asCarol[1]?.errors?.[0]?.message);
    // The admin is told, as before, when no account has the address.
    expect(codeOf(await api.call(GRANT, { input: { entityId: dcId, userEmail: nobody, role: 'READ' } }, alice.accessToken))).toBe('NOT_FOUND');
    await api.call(REVOKE, { input: { entityId: dcId, principalId: bob.id } }, alice.accessToken);
  });

  it('gives a read-only team member no write, and takes access away at once when removed', async () => {
    const team = await api.call<{ createTeam: { id: string } }>(CREATE_TEAM, { name: 'Ops' }, alice.accessToken);
    const teamId = team.data!.createTeam.id;
    await joinTeam(api, alice, carol, teamId, 'READ');
    await api.call(GRANT, { input: { entityId: dcId, principalId: teamId, role: 'WRITE' } }, alice.accessToken);

    // Carol reads through the team, but her READ role in the team bounds what the team's WRITE gives her.
    expect((await api.call<{ datacenter: { myRole: string } }>(GET, { id: dcId }, carol.accessToken)).data?.datacenter.myRole).toBe('READ');
    expect(codeOf(await api.call(UPDATE, { id: dcId, name: 'Carol was here' }, carol.accessToken))).toBe('FORBIDDEN');

    await api.call(SET_ROLE, { t: teamId, u: carol.id, r: 'WRITE' }, alice.accessToken);
    expect(codeOf(await api.call(UPDATE, { id: dcId, name: 'Paris North 3' }, carol.accessToken))).toBeUndefined();

    // The same access token, the very next request: no access.
    await api.call(REMOVE_MEMBER, { t: teamId, u: carol.id }, alice.accessToken);
    expect((await api.call(GET, { id: dcId }, carol.accessToken)).data).toEqual({ datacenter: null });
    expect((await api.call<{ datacenters: { totalCount: number } }>(LIST, {}, carol.accessToken)).data?.datacenters.totalCount).toBe(0);
  });

  it('owns what is created in a team workspace by the team, and keeps a team from losing its last admin', async () => {
    const team = await api.call<{ createTeam: { id: string } }>(CREATE_TEAM, { name: 'Platform' }, bob.accessToken);
    const teamId = team.data!.createTeam.id;
    const created = await api.call<{ createDatacenter: { datacenter: { id: string; owner: { __typename: string; id: string } } } }>(
      CREATE,
      { input: { name: 'Team DC', provider: 'AWS' } },
      bob.accessToken,
      { 'x-maestro-workspace': teamId },
    );
    expect(created.data?.createDatacenter.datacenter.owner).toEqual({ __typename: 'Team', id: teamId });
    // Not a member: cannot act in the team's workspace.
    const outsider = await api.call(CREATE, { input: { name: 'Sneaky', provider: 'AWS' } }, carol.accessToken, { 'x-maestro-workspace': teamId });
    expect(codeOf(outsider)).toBe('FORBIDDEN');
    // The only admin cannot leave, and the team that solely administers an entity cannot be deleted.
    expect(codeOf(await api.call(REMOVE_MEMBER, { t: teamId, u: bob.id }, bob.accessToken))).toBe('CONFLICT');
    expect(codeOf(await api.call('mutation($id: ID!) { deleteTeam(id: $id) { id } }', { id: teamId }, bob.accessToken))).toBe('CONFLICT');
  });

  it('delivers entity changes only to subscribers who may read the entity, and stops on revoke', async () => {
    // Each subscriber's own datacenter: a change of it that arrives proves that the events published before it were not sent.
    const ownDatacenter = async (user: TestUser, name: string) =>
      (await api.call<{ createDatacenter: { datacenter: { id: string } } }>(CREATE, { input: { name, provider: 'AWS' } }, user.accessToken)).data!.createDatacenter.datacenter.id;
    const bobMarker = await ownDatacenter(bob, 'Bob marker');
    const carolMarker = await ownDatacenter(carol, 'Carol marker');
    const base = await listenerBaseline(api.url, ['entityChanged']);
    const bobSub = record<ChangeMsg>(wsUrl(api), bob.accessToken, CHANGES);
    const carolSub = record<ChangeMsg>(wsUrl(api), carol.accessToken, CHANGES);
    await waitForListeners(api.url, { entityChanged: base.entityChanged! + 2 });
    const about = (id: string) => (m: ChangeMsg) => m.entityChanged.entityId === id;

    await api.call(GRANT, { input: { entityId: dcId, principalId: bob.id, role: 'READ' } }, alice.accessToken);
    await api.call(UPDATE, { id: dcId, name: 'Paris North 4' }, alice.accessToken);
    const update = await bobSub.next((m) => about(dcId)(m) && m.entityChanged.operation === 'UPDATE', 'the update for Bob');
    expect(update.entityChanged.diff).toEqual([{ path: 'name', before: 'Paris North 3', after: 'Paris North 4' }]);
    expect(update.entityChanged.actor).toEqual({ kind: 'USER', name: 'Alice' });
    await api.call(UPDATE, { id: carolMarker, name: 'Carol marker 2' }, carol.accessToken);
    await carolSub.next((m) => about(carolMarker)(m) && m.entityChanged.operation === 'UPDATE', 'Carol’s own update');
    expect(carolSub.data.filter(about(dcId))).toEqual([]);

    await api.call(REVOKE, { input: { entityId: dcId, principalId: bob.id } }, alice.accessToken);
    const before = bobSub.data.length;
    await api.call(UPDATE, { id: dcId, name: 'Paris North 5' }, alice.accessToken);
    await api.call(UPDATE, { id: bobMarker, name: 'Bob marker 2' }, bob.accessToken);
    await bobSub.next((m) => about(bobMarker)(m) && m.entityChanged.operation === 'UPDATE', 'Bob’s own update');
    expect(bobSub.data.slice(before).filter((m) => about(dcId)(m) && m.entityChanged.operation === 'UPDATE')).toEqual([]);
    await Promise.all([bobSub.dispose(), carolSub.dispose()]);
  });

  it('refuses entity subscriptions without a token, and a connection with a bad token', async () => {
    const anonymous = createClient({ url: `${api.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const anonErrors: Array<{ extensions?: { code?: string } }> = [];
    await new Promise<void>((resolve) => {
      anonymous.subscribe(
        { query: 'subscription { entityChanged { id } }' },
        {
          next: (result) => anonErrors.push(...(result.errors ?? []).map((e) => ({ extensions: e.extensions as { code?: string } }))),
          error: () => resolve(),
          complete: () => resolve(),
        },
      );
    });
    expect(anonErrors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await anonymous.dispose();

    const forged = createClient({
      url: `${api.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer forged.token.value' },
      retryAttempts: 0,
    });
    const closeCode = await new Promise<number>((resolve) => {
      forged.on('closed', (event) => resolve((event as { code: number }).code));
      forged.subscribe({ query: 'subscription { statusChanged { ok } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    expect(closeCode).toBe(4403);
    await forged.dispose();
  });
});

describe('GraphQL protections', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('armor', { MAX_BODY_BYTES: '1048576', GRAPHQL_MAX_DEPTH: '6', NODE_ENV: 'production', JWT_SECRET: randomBytes(30).toString('base64url'), RESET_TOKEN_SECRET: randomBytes(30).toString('base64url'), SHARE_TOKEN_SECRET: randomBytes(30).toString('base64url'), MAESTRO_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`, PUBLIC_URL: 'http://127.0.0.1', SMTP_URL: 'smtp://127.0.0.1:1' });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('refuses operations nested too deep or with too many aliases, with a clear error', async () => {
    // GRAPHQL_MAX_DEPTH is 6 here: this is 7 deep.
    const deep = '{ datacenters { edges { node { access { principal { ... on Team { members { user { id } } } } } } } } }';
    const refused = await api.call(deep);
    expect(codeOf(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/depth/i);
    const shallow = '{ datacenters { edges { node { access { role } } } } }';
    expect(codeOf(await api.call(shallow))).toBe('UNAUTHENTICATED');

    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: status { ok }`).join(' ')} }`;
    const tooMany = await api.call(aliases);
    expect(codeOf(tooMany)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(tooMany.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('turns introspection and field suggestions off in production', async () => {
    const intro = await api.call('{ __schema { types { name } } }');
    expect(codeOf(intro)).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await api.call('{ statuss { ok } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('refuses a body over the size limit', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ status { ok } } # ${'x'.repeat(2 * 1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
  });
});

describe('a limit on what one operation may load', () => {
  let api: TestApi;
  let user: TestUser;
  beforeAll(async () => {
    api = await startTestApi('cost');
    user = await signUp(api, 'Costly');
  });
  afterAll(async () => {
    await api.stop();
  });

  const NESTED = 'query($a: Int, $b: Int) { servers(first: $a) { edges { node { ... on Server { runs(first: $b) { edges { node { id } } } } } } } }';

  it('counts page sizes passed as variables or left at their defaults, and refuses over the limit with a clear error', async () => {
    const refused = await api.call(NESTED, { a: 1000, b: 1000 }, user.accessToken);
    expect(codeOf(refused)).toBe('QUERY_TOO_COMPLEX');
    expect(refused.errors?.[0]?.message).toBe('This operation could load up to 2,003,001 objects; the limit is 1,000,000. Ask for smaller pages with `first` on nested lists.');
    expect(refused.data).toBeUndefined();
    const allowed = await api.call<{ servers: { edges: unknown[] } }>(NESTED, { a: 100, b: 100 }, user.accessToken);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.servers.edges).toEqual([]);
    // Four levels left at the default page of 50: 50 × 50 × 50 × 50 × 2 objects at the bottom alone.
    const defaults = '{ clients { edges { node { ... on Client { systems { edges { node { ... on System { applications { edges { node { ... on Application { runsOn { edges { node { id } } } } } } } } } } } } } } } }';
    expect(codeOf(await api.call(defaults, {}, user.accessToken))).toBe('QUERY_TOO_COMPLEX');
  });

  it('applies the same limit over graphql-ws', async () => {
    const client: Client = createClient({ url: api.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${user.accessToken}` }, retryAttempts: 0 });
    try {
      const run = (variables: Record<string, unknown>) =>
        new Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>((resolve) => {
          client.subscribe({ query: NESTED, variables }, {
            next: (result) => resolve(result as never),
            error: (errors) => resolve({ errors: errors as never }),
            complete: () => undefined,
          });
        });
      const refused = await run({ a: 1000, b: 1000 });
      expect(refused.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(refused.data).toBeUndefined();
      const allowed = await run({ a: 10, b: 10 });
      expect(allowed).toEqual({ data: { servers: { edges: [] } } });
    } finally {
      await client.dispose();
    }
  });
});

describe('identity changes on one API process', () => {
  const apps: App[] = [];
  let a: TestApi;
  let b: TestApi;
  beforeAll(async () => {
    // Two API processes' worth of app on one database and Redis prefix, each with its own identity cache.
    const config = testConfig('two-apis', { PORT: '0' });
    const open = async (): Promise<TestApi> => {
      const app = await createApp(config, createLogger('silent', 'test'));
      apps.push(app);
      const { url } = await app.listen();
      return {
        app,
        config,
        url,
        call: (query, variables = {}, token = null, headers = {}) => gql(url, query, variables, token ? { authorization: `Bearer ${token}`, ...headers } : headers),
        stop: () => app.stop(),
      };
    };
    a = await open();
    b = await open();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('take effect on another process by the time they answer: a new team, joining one by invitation, removal, logout', async () => {
    const [alice, carol] = await Promise.all([signUp(a, 'Alice'), signUp(a, 'Carol')]);
    // Each known to the other process before anything changes.
    for (const user of [alice, carol]) expect(codeOf(await b.call('{ teams { id } }', {}, user.accessToken))).toBeUndefined();
    const team = await a.call<{ createTeam: { id: string } }>(CREATE_TEAM, { name: 'Everywhere' }, alice.accessToken);
    const teamId = team.data!.createTeam.id;
    // The new team counts on the other process at once: a change answers once every live API process has dropped what it held.
    expect(codeOf(await b.call(CREATE, { input: { name: 'Team DC', provider: 'AWS' } }, alice.accessToken, { 'x-maestro-workspace': teamId }))).toBeUndefined();

    await joinTeam(a, alice, carol, teamId, 'WRITE');
    const asMember = () => b.call(LIST, {}, carol.accessToken, { 'x-maestro-workspace': teamId });
    expect(codeOf(await asMember())).toBeUndefined();
    await a.call(REMOVE_MEMBER, { t: teamId, u: carol.id }, alice.accessToken);
    expect(codeOf(await asMember())).toBe('FORBIDDEN');

    await a.call('mutation { logout }', {}, carol.accessToken);
    expect(codeOf(await b.call('{ teams { id } }', {}, carol.accessToken))).toBe('UNAUTHENTICATED');
  });
});

