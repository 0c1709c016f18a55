import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { codeOf, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';

type Result<T = Record<string, unknown>> = Awaited<ReturnType<TestApi['call']>> & { data?: T };

/** The field paths a BAD_USER_INPUT error names. */
function pathsOf(result: { errors?: Array<{ extensions?: Record<string, unknown> }> }): string[] {
  return ((result.errors?.[0]?.extensions?.fields as Array<{ path: string }> | undefined) ?? []).map((f) => f.path);
}

/** A value of `type` for the arguments a test does not aim at: the least a request needs to reach its check. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) if (isNonNullType(field.type)) out[field.name] = sample(field.type);
    return out;
  }
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isScalarType(type)) {
    if (type.name === 'Int' || type.name === 'Float') return 1;
    if (type.name === 'Boolean') return true;
    if (type.name === 'DateTimeISO') return new Date().toISOString();
    return 'x';
  }
  return null;
}

/** Every path to a String or ID inside `type`, with a value that puts `text` there. */
function textPaths(type: GraphQLInputType, text: string, path: string, seen: Set<string> = new Set()): Array<{ path: string; value: unknown }> {
  if (isNonNullType(type)) return textPaths(type.ofType, text, path, seen);
  if (isListType(type)) return textPaths(type.ofType, text, `${path}.0`, seen).map((p) => ({ path: p.path, value: [p.value] }));
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return [];
    const base = sample(type) as Record<string, unknown>;
    return Object.values(type.getFields()).flatMap((field) =>
      textPaths(field.type, text, `${path}.${field.name}`, new Set([...seen, type.name])).map((p) => ({ path: p.path, value: { ...base, [field.name]: p.value } })),
    );
  }
  if (isScalarType(type) && (type.name === 'String' || type.name === 'ID')) return [{ path, value: text }];
  return [];
}

interface Case {
  field: string;
  path: string;
  query: string;
  variables: Record<string, unknown>;
}

/** One request per String or ID position of every argument of every query and mutation, holding `text` there. */
function casesOf(schema: GraphQLSchema, text: string, skip: (path: string, field: string) => boolean = () => false): Case[] {
  const cases: Case[] = [];
  for (const [operation, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(root!.getFields()) as Array<GraphQLField<unknown, unknown>>) {
      const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
      const declare = (args: readonly GraphQLArgument[]) => args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      for (const arg of field.args) {
        for (const target of textPaths(arg.type, text, arg.name)) {
          if (skip(target.path, field.name)) continue;
          const args = field.args.filter((a) => a === arg || isNonNullType(a.type));
          const variables = Object.fromEntries(args.map((a) => [a.name, a === arg ? target.value : sample(a.type)]));
          cases.push({
            field: field.name,
            path: target.path,
            query: `${operation}(${declare(args)}) { ${field.name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})${selection} }`,
            variables,
          });
        }
      }
    }
  }
  return cases;
}

describe('every string argument has a length limit and refuses NUL', () => {
  let api: TestApi;
  let alice: TestUser;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    api = await startTestApi('hardening-strings');
    alice = await signUp(api, 'Alice');
    const introspection = await api.call<IntrospectionQuery>(getIntrospectionQuery());
    schema = buildClientSchema(introspection.data!);
  });
  afterAll(async () => {
    await api.stop();
  });

  async function expectRefused(cases: Case[], message: RegExp): Promise<void> {
    expect(cases.length).toBeGreaterThan(100);
    for (let i = 0; i < cases.length; i += 16) {
      await Promise.all(
        cases.slice(i, i + 16).map(async (c) => {
          const result = await api.call(c.query, c.variables, alice.accessToken);
          expect(codeOf(result), `${c.field} ${c.path}: ${JSON.stringify(result.errors)}`).toBe('BAD_USER_INPUT');
          const fields = result.errors![0]!.extensions!.fields as Array<{ path: string; message: string }>;
          expect(fields, `${c.field} ${c.path}`).toContainEqual({ path: c.path, message: expect.stringMatching(message) });
        }),
      );
    }
  }

  it('refuses NUL in every String and ID argument of every query and mutation, at any depth of its input', async () => {
    const cases = casesOf(schema, 'a\u0000b');
    // Team and user names, e-mails, passwords, ids, filters, tags, search, imports are all among them.
    for (const [field, path] of [
      ['createTeam', 'input.name'],
      ['renameTeam', 'name'],
      ['signup', 'input.name'],
      ['updateProfile', 'input.name'],
      ['login', 'input.password'],
      ['requestPasswordReset', 'email'],
      ['servers', 'filter.hostname.contains'],
      ['servers', 'filter.tags.any.0'],
      ['servers', 'after'],
      ['search', 'query'],
      ['server', 'id'],
      ['importInventory', 'input.data'],
      ['createServer', 'input.storage.0.mount'],
    ]) {
      expect(cases.some((c) => c.field === field && c.path === path), `${field} ${path}`).toBe(true);
    }
    await expectRefused(cases, /NUL/);
  }, 120_000);

  it('refuses text over 10,000 characters in every String and ID argument, but an import file', async () => {
    const cases = casesOf(schema, 'a'.repeat(10_001), (path, field) => field === 'importInventory' && path === 'input.data');
    await expectRefused(cases, /at most 10,000 characters/);
  }, 120_000);

  it('refuses a 600 KB contains filter at once, written inline or as a variable, and changes nothing', async () => {
    const huge = 'x'.repeat(600_000);
    const inline = await api.call(`{ servers(filter: { hostname: { contains: "${huge}" } }) { totalCount } }`, {}, alice.accessToken);
    expect(codeOf(inline)).toBe('BAD_USER_INPUT');
    expect(pathsOf(inline)).toEqual(['filter.hostname.contains']);
    const variable = await api.call('query($f: ServerFilter) { servers(filter: $f) { totalCount } }', { f: { hostname: { contains: huge } } }, alice.accessToken);
    expect(codeOf(variable)).toBe('BAD_USER_INPUT');
    expect(pathsOf(variable)).toEqual(['filter.hostname.contains']);
    const teams = await api.call<{ teams: unknown[] }>('{ teams { id } }', {}, alice.accessToken);
    const named = await api.call(`mutation { createTeam(input: { name: "${'t'.repeat(10_001)}" }) { id } }`, {}, alice.accessToken);
    expect(codeOf(named)).toBe('BAD_USER_INPUT');
    expect((await api.call<{ teams: unknown[] }>('{ teams { id } }', {}, alice.accessToken)).data?.teams).toEqual(teams.data?.teams);
  });

  it('refuses lists of more than 1,000 items in any argument', async () => {
    const result = await api.call('query($tags: [String!]) { servers(filter: { tags: { any: $tags } }) { totalCount } }', { tags: Array.from({ length: 1001 }, (_, i) => `t${i}`) }, alice.accessToken);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(pathsOf(result)).toEqual(['filter.tags.any']);
  });

  it('refuses NUL and overlong text in the arguments of a subscription', async () => {
    const client = createClient({
      url: `${api.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${alice.accessToken}` },
      retryAttempts: 0,
    });
    try {
      for (const types of [['Server\u0000'], ['S'.repeat(10_001)]]) {
        const errors = await new Promise<ReadonlyArray<{ extensions?: Record<string, unknown> }>>((resolve, reject) => {
          client.subscribe(
            { query: 'subscription($types: [String!]) { entityChanged(types: $types) { entityId } }', variables: { types } },
            { next: (result) => resolve(result.errors ?? []), error: (error) => (Array.isArray(error) ? resolve(error) : reject(error as Error)), complete: () => resolve([]) },
          );
        });
        expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect((errors[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path)).toEqual(['types.0']);
      }
    } finally {
      await client.dispose();
    }
  });

  it('refuses NUL in a user or team name written inline, not only in variables', async () => {
    const team = await api.call('mutation { createTeam(input: { name: "ops\\u0000team" }) { id } }', {}, alice.accessToken);
    expect(codeOf(team)).toBe('BAD_USER_INPUT');
    expect(pathsOf(team)).toEqual(['input.name']);
    const profile = await api.call('mutation { updateProfile(input: { name: "Al\\u0000ice" }) { name } }', {}, alice.accessToken);
    expect(codeOf(profile)).toBe('BAD_USER_INPUT');
    const me = await api.call<{ me: { name: string } }>('{ me { name } }', {}, alice.accessToken);
    expect(me.data?.me.name).toBe('Alice');
  });

  it('applies the same limits to the filter of an export', async () => {
    const bad = await fetch(`${api.url}/export/servers?format=json&filter=${encodeURIComponent(JSON.stringify({ hostname: { contains: 'x\u0000' } }))}`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Array<{ extensions: { code: string; fields: Array<{ path: string }> } }> };
    expect(body.errors[0]!.extensions.fields.map((f) => f.path)).toEqual(['filter.hostname.contains']);
  });
});

/** A cursor as a client could forge one: base64url of any JSON. */
function forge(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

const HEX = '0123456789abcdef01234567';

/** Operator-carrying and ill-typed values a forged cursor may hold in place of a sort value. */
const HOSTILE_VALUES: unknown[] = [{ $regex: '.*' }, { $ne: null }, { $gt: '' }, { d: { $ne: null } }, ['a'], { v: 1 }];

describe('cursors are data, never query operators', () => {
  let api: TestApi;
  let alice: TestUser;
  let appId: string;
  let serverId: string;
  const call = <T,>(q: string, v: Record<string, unknown> = {}) => api.call<T>(q, v, alice.accessToken) as Promise<Result<T>>;

  beforeAll(async () => {
    api = await startTestApi('hardening-cursors');
    alice = await signUp(api, 'Alice');
    // Some servers with CPU, memory and environment, some without (nulls sort first).
    for (let i = 0; i < 6; i += 1) {
      const input: Record<string, unknown> = { hostname: `cur-${i}` };
      if (i % 2 === 0) Object.assign(input, { cpu: 2 + i, memory: 1.5 * i, environment: i < 3 ? 'STAGING' : 'PRODUCTION' });
      const created = await call<{ createServer: { server: { id: string } } }>('mutation($input: CreateServerInput!) { createServer(input: $input) { server { id } } }', { input });
      serverId = created.data!.createServer.server.id;
    }
    appId = (await call<{ createApplication: { application: { id: string } } }>('mutation { createApplication(input: { name: "cur-app" }) { application { id } } }')).data!.createApplication.application.id;
    for (const id of await listIds('NAME', 'ASC')) {
      await call('mutation($a: ID!, $s: ID!) { link(input: { from: $a, to: $s, kind: RUNS_ON }) { id } }', { a: appId, s: id });
    }
    await call('mutation($id: ID!) { updateServer(id: $id, input: { cpu: 64 }) { server { id } } }', { id: serverId });
  });
  afterAll(async () => {
    await api.stop();
  });

  const LIST = `query($field: ServerSortField!, $direction: SortDirection, $after: String) {
    servers(filter: { hostname: { contains: "cur-" } }, orderBy: { field: $field, direction: $direction }, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
  type ListData = { servers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { id: string } }> } };

  async function listIds(field: string, direction: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Result<ListData> = await call<ListData>(LIST, { field, direction, after });
      expect(result.errors).toBeUndefined();
      ids.push(...result.data!.servers.edges.map((e) => e.node.id));
      if (!result.data!.servers.pageInfo.hasNextPage) return ids;
      after = result.data!.servers.pageInfo.endCursor;
    }
  }

  it('pages through every sort field type (text, enum, number, date, empty values) with the cursors it gives', async () => {
    for (const field of ['NAME', 'ENVIRONMENT', 'CPU', 'MEMORY', 'IPV4_PRIVATE', 'CREATED_AT', 'UPDATED_AT']) {
      for (const direction of ['ASC', 'DESC']) {
        const ids = await listIds(field, direction);
        expect(ids, `${field} ${direction}`).toHaveLength(6);
        expect(new Set(ids).size, `${field} ${direction}`).toBe(6);
      }
    }
  });

  it('refuses a forged list cursor that carries a query operator, for every sort field type', async () => {
    for (const field of ['NAME', 'ENVIRONMENT', 'CPU', 'MEMORY', 'CREATED_AT', 'UPDATED_AT']) {
      for (const value of HOSTILE_VALUES) {
        const result = await call<ListData>(LIST, { field, direction: 'ASC', after: forge([value, HEX]) });
        expect(codeOf(result), `${field} ${JSON.stringify(value)}`).toBe('BAD_USER_INPUT');
        expect(pathsOf(result)).toEqual(['after']);
        expect(result.data?.servers ?? null).toBeNull();
      }
      // The id half of a cursor is an id, never an operator.
      const idForged = await call(LIST, { field, direction: 'ASC', after: forge(['cur-1', { $gt: '' }]) });
      expect(codeOf(idForged), field).toBe('BAD_USER_INPUT');
    }
    // The form cursors had before: a tagged value.
    expect(codeOf(await call(LIST, { field: 'NAME', after: forge([{ v: { $regex: '.*' } }, HEX]) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(LIST, { field: 'CREATED_AT', after: forge([{ d: { $ne: null } }, HEX]) }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor whose value is not of the sort field type, or an invalid date', async () => {
    const cases: Array<[string, unknown]> = [
      ['NAME', 5],
      ['NAME', null],
      ['CPU', 'cur-1'],
      ['CPU', '5'],
      ['MEMORY', true],
      ['CREATED_AT', '2024-13-45T99:00:00.000Z'],
      ['CREATED_AT', 'not a date'],
      ['UPDATED_AT', 1_700_000_000_000],
      ['ENVIRONMENT', 3],
    ];
    for (const [field, value] of cases) {
      const result = await call(LIST, { field, after: forge([value, HEX]) });
      expect(codeOf(result), `${field} ${JSON.stringify(value)}`).toBe('BAD_USER_INPUT');
      expect(pathsOf(result)).toEqual(['after']);
    }
    for (const junk of ['', '!!!', forge({}), forge([]), forge(['cur-1']), forge(['cur-1', HEX, 'extra']), forge('x'), 'e30']) {
      if (junk === '') continue;
      expect(codeOf(await call(LIST, { field: 'NAME', after: junk })), junk).toBe('BAD_USER_INPUT');
    }
    // A valid cursor still works: a date in ISO form, with an id.
    const ok = await call<ListData>(LIST, { field: 'CREATED_AT', after: forge(['2000-01-01T00:00:00.000Z', HEX]) });
    expect(ok.data?.servers.edges).toHaveLength(2);
  });

  it('refuses forged cursors of relation fields', async () => {
    const RELATED = 'query($id: ID!, $after: String) { application(id: $id) { runsOn(first: 2, after: $after) { totalCount pageInfo { endCursor } edges { node { id } } } } }';
    const first = await call<{ application: { runsOn: { totalCount: number; pageInfo: { endCursor: string } } } }>(RELATED, { id: appId });
    expect(first.data?.application.runsOn.totalCount).toBe(6);
    const next = await call<{ application: { runsOn: { edges: unknown[] } } }>(RELATED, { id: appId, after: first.data!.application.runsOn.pageInfo.endCursor });
    expect(next.data?.application.runsOn.edges).toHaveLength(2);
    for (const forged of [forge([{ $gt: 0 }]), forge([-5]), forge([1.5]), forge(['1']), forge([1e300]), Buffer.from('o:-5').toString('base64url'), Buffer.from('o:abc').toString('base64url'), forge({ $ne: null })]) {
      const result = await call(RELATED, { id: appId, after: forged });
      expect(codeOf(result), forged).toBe('BAD_USER_INPUT');
      expect(pathsOf(result)).toEqual(['after']);
    }
  });

  it('refuses forged cursors of history and activity, invalid dates included', async () => {
    const HISTORY = 'query($id: ID!, $after: String) { history(id: $id, first: 1, after: $after) { totalCount pageInfo { endCursor } edges { node { id } } } }';
    const ACTIVITY = 'query($after: String) { activity(first: 1, after: $after) { pageInfo { endCursor } edges { node { id } } } }';
    const history = await call<{ history: { totalCount: number; pageInfo: { endCursor: string } } }>(HISTORY, { id: serverId });
    // Created, linked (from the application), updated.
    expect(history.data?.history.totalCount).toBe(3);
    expect((await call<{ history: { edges: unknown[] } }>(HISTORY, { id: serverId, after: history.data!.history.pageInfo.endCursor })).data?.history.edges).toHaveLength(1);
    for (const forged of [forge([{ $gt: 0 }]), forge([-1]), forge(['2']), forge({ $ne: null }), Buffer.from('r:x').toString('base64url')]) {
      const result = await call(HISTORY, { id: serverId, after: forged });
      expect(codeOf(result), forged).toBe('BAD_USER_INPUT');
      expect(pathsOf(result)).toEqual(['after']);
    }

    const activity = await call<{ activity: { pageInfo: { endCursor: string } } }>(ACTIVITY);
    const [at, id] = JSON.parse(Buffer.from(activity.data!.activity.pageInfo.endCursor, 'base64url').toString('utf8')) as [string, string];
    expect((await call<{ activity: { edges: unknown[] } }>(ACTIVITY, { after: forge([at, id]) })).data?.activity.edges).toHaveLength(1);
    for (const forged of [
      forge([{ $gt: '' }, id]),
      forge([at, { $ne: null }]),
      forge(['2024-02-31T00:00:00.000Z', id]),
      forge(['yesterday', id]),
      forge([at, `${HEX}:x`]),
      forge([at]),
      forge({ at, id }),
    ]) {
      const result = await call(ACTIVITY, { after: forged });
      expect(codeOf(result), forged).toBe('BAD_USER_INPUT');
      expect(pathsOf(result)).toEqual(['after']);
    }
  });
});

const IMPORT = 'mutation($input: ImportInventoryInput!) { importInventory(input: $input) { created updated unchanged failed rows { row status id errors { path message } } } }';
type ImportData = { importInventory: { created: number; updated: number; unchanged: number; failed: number; rows: Array<{ row: number; status: string; id: string | null; errors: Array<{ path: string; message: string }> }> } };

describe('imports report a per-row error for every malformed value', () => {
  let api: TestApi;
  let alice: TestUser;
  const importAs = (format: 'CSV' | 'JSON', data: string, type = 'Server') => api.call<ImportData>(IMPORT, { input: { type, format, data } }, alice.accessToken) as Promise<Result<ImportData>>;
  const errorPaths = (data: ImportData) => Object.fromEntries(data.importInventory.rows.filter((r) => r.status === 'ERROR').map((r) => [r.row, r.errors.map((e) => e.path)]));

  beforeAll(async () => {
    api = await startTestApi('hardening-import');
    alice = await signUp(api, 'Alice');
  });
  afterAll(async () => {
    await api.stop();
  });

  async function server(hostname: string): Promise<Record<string, unknown> | null> {
    const found = await api.call<{ servers: { edges: Array<{ node: Record<string, unknown> }> } }>(
      'query($h: String!) { servers(filter: { hostname: { equals: $h } }) { edges { node { ... on Server { hostname environment cpu os { base distribution } storage { mount sizeGb rootDevice } tags } } } } }',
      { h: hostname },
      alice.accessToken,
    );
    return found.data?.servers.edges[0]?.node ?? null;
  }

  it('reports malformed JSON values of every field type on their rows, and writes the good rows', async () => {
    const rows: unknown[] = [
      { hostname: 'json-ok', environment: 'production', os: { base: 'linux', distribution: 'debian' }, storage: [{ mount: '/', sizeGb: 20, rootDevice: true }] },
      { hostname: 'json-2', storage: 'x' },
      { hostname: 'json-3', storage: 5 },
      { hostname: 'json-4', storage: [null] },
      { hostname: 'json-5', os: ['LINUX'] },
      { hostname: 'json-6', environment: 'Prod' },
      { hostname: 'json-7', cpu: '4' },
      { hostname: 'json-8', storage: [{ rootDevice: 'yes', sizeGb: 'big' }] },
      { hostname: 'json-9', tags: 'web' },
      { hostname: 'json-10', os: { base: 'LINUX', kernel: '6.1' } },
      5,
      { hostname: 'json-12', createdAt: 'yesterday', active: 'maybe', id: 'nope' },
      { hostname: 'json-13', storage: [[{ mount: '/' }]] },
      { hostname: 'json-14', tags: [null, { $ne: 1 }, ['a']] },
      { hostname: { $ne: null } },
      { hostname: 'json-16', os: 'LINUX' },
      { hostname: 'json-17', cpu: 'HUGE' },
      { hostname: 'json-18', storage: [{ mount: { $gt: '' } }] },
      null,
      { hostname: 'json-20', os: { base: ['LINUX'] } },
      { hostname: 'json-21', constructor: 'x', ['__proto__']: { polluted: true } },
      { hostname: 'json-22', environment: null, os: null, storage: null, tags: null },
    ];
    // A number too large for a double reads as Infinity.
    const result = await importAs('JSON', JSON.stringify(rows).replace('"HUGE"', '1e400'));
    expect(result.errors).toBeUndefined();
    expect(result.data?.importInventory).toMatchObject({ created: 2, failed: 20 });
    expect(errorPaths(result.data!)).toEqual({
      2: ['rows.2.storage'],
      3: ['rows.3.storage'],
      4: ['rows.4.storage.0'],
      5: ['rows.5.os'],
      6: ['rows.6.environment'],
      7: ['rows.7.cpu'],
      8: ['rows.8.storage.0.sizeGb', 'rows.8.storage.0.rootDevice'],
      9: ['rows.9.tags'],
      10: ['rows.10.os.kernel'],
      11: ['rows.11'],
      12: ['rows.12.id', 'rows.12.active', 'rows.12.createdAt'],
      13: ['rows.13.storage.0'],
      14: ['rows.14.tags.0', 'rows.14.tags.1', 'rows.14.tags.2'],
      15: ['rows.15.hostname'],
      16: ['rows.16.os'],
      17: ['rows.17.cpu'],
      18: ['rows.18.storage.0.mount'],
      19: ['rows.19'],
      20: ['rows.20.os.base'],
      21: ['rows.21.constructor', 'rows.21.__proto__'],
    });
    const environment = result.data!.importInventory.rows[5]!.errors[0]!.message;
    expect(environment).toBe('must be one of PRODUCTION, STAGING, DEVELOPMENT, TESTING');
    expect(await server('json-ok')).toMatchObject({ environment: 'PRODUCTION', os: { base: 'LINUX', distribution: 'debian' }, storage: [{ mount: '/', sizeGb: 20, rootDevice: true }] });
    expect(await server('json-22')).toMatchObject({ environment: null, os: null, storage: [], tags: [] });
    // No row with an error was written, not even with empty values in place of the bad ones.
    for (const hostname of ['json-2', 'json-5', 'json-6', 'json-16', 'json-20']) expect(await server(hostname), hostname).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports malformed CSV cells on their rows, matches enum values ignoring case, and writes the good rows', async () => {
    const csv = [
      'hostname,environment,os.base,storage,cpu,tags',
      'csv-ok,production,Linux,"[{""mount"":""/"",""sizeGb"":20}]",2,web;eu',
      'csv-2,,,[null],,',
      'csv-3,,,x,,',
      'csv-4,,,5,,',
      'csv-5,Staging,plan9,,,',
      'csv-6,dev,,,,',
      'csv-7,testing,,,,,extra',
      'csv-8,,,"{""mount"":""/""}",four,',
      'csv-9,,,"[[1]]",,',
    ].join('\n');
    const result = await importAs('CSV', csv);
    expect(result.errors).toBeUndefined();
    expect(result.data?.importInventory).toMatchObject({ created: 1, failed: 8 });
    expect(errorPaths(result.data!)).toEqual({
      2: ['rows.2.storage.0'],
      3: ['rows.3.storage'],
      4: ['rows.4.storage'],
      5: ['rows.5.os.base'],
      6: ['rows.6.environment'],
      7: ['rows.7'],
      8: ['rows.8.cpu', 'rows.8.storage'],
      9: ['rows.9.storage.0'],
    });
    expect(result.data!.importInventory.rows[4]!.errors[0]!.message).toBe('must be one of LINUX, WINDOWS, BSD, UNIX, OTHER');
    expect(await server('csv-ok')).toMatchObject({ environment: 'PRODUCTION', os: { base: 'LINUX' }, cpu: 2, tags: ['web', 'eu'], storage: [{ mount: '/', sizeGb: 20 }] });
    expect(await server('csv-5')).toBeNull();

    // An update with an unknown enum value is refused too: the stored value stays.
    const update = await importAs('CSV', 'hostname,os.base,environment\ncsv-ok,plan9,staging');
    expect(update.data?.importInventory).toMatchObject({ updated: 0, failed: 1 });
    expect(await server('csv-ok')).toMatchObject({ environment: 'PRODUCTION', os: { base: 'LINUX' } });
    // A column for an object field is refused with the columns that carry it.
    const objectCell = await importAs('CSV', 'hostname,os\ncsv-10,LINUX');
    expect(objectCell.data!.importInventory.rows[0]!.errors).toEqual([{ path: 'rows.1.os', message: 'goes in the columns os.base, os.distribution, os.version' }]);
    // Enum values of other types and of filters, too.
    const apps = await importAs('JSON', JSON.stringify([{ name: 'imp-app', family: 'web', environment: 'DEVELOPMENT' }, { name: 'imp-app-2', family: 'website' }]), 'Application');
    expect(apps.data?.importInventory).toMatchObject({ created: 1, failed: 1 });
    expect(apps.data!.importInventory.rows[1]!.errors).toEqual([{ path: 'rows.2.family', message: 'must be one of WEB, API, WORKER, JOB, FRONTEND, MOBILE, LIBRARY, OTHER' }]);
  });

  it('reads back its own export: every column, system ones checked and left alone', async () => {
    await importAs('JSON', JSON.stringify([{ hostname: 'round-1', cpu: 4, memory: 8.5, environment: 'STAGING', os: { base: 'LINUX', version: '12' }, storage: [{ mount: '/data', sizeGb: 100, rootDevice: false }], placement: { region: 'eu-west-1' }, authMethods: [{ kind: 'ssh', port: 22 }], tags: ['a', 'b'], services: ['nginx'] }]));
    const headers = { authorization: `Bearer ${alice.accessToken}` };
    const filter = encodeURIComponent(JSON.stringify({ hostname: { equals: 'round-1' } }));
    for (const format of ['CSV', 'JSON'] as const) {
      const exported = await (await fetch(`${api.url}/export/servers?format=${format.toLowerCase()}&filter=${filter}`, { headers })).text();
      const again = await importAs(format, exported);
      expect(again.data?.importInventory, format).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 0 });
    }
  });
});
