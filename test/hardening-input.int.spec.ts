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
