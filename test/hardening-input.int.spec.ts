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
