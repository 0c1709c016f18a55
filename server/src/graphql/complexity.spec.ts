import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchema, getNamedType, isEnumType, isListType, isNonNullType, Kind, parse, typeFromAST, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costError, operationCost } from './complexity.js';

const root = resolve(import.meta.dirname, '../../..');
const schema = buildSchema(readFileSync(join(root, 'schema/schema.graphql'), 'utf8'));
const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost({ schema, document: parse(query), variables });

describe('operation cost in objects loaded', () => {
  it('multiplies nested pages, whether `first` is written, passed as a variable or left at its default', () => {
    const inline = cost('{ clients(first: 20) { edges { node { id ... on Client { systems(first: 10) { edges { node { id } } } } } } } }');
    // clients 1 + 20 × (edges 1 + node 1 + systems (1 + 10 × (edges 1 + node 1)))
    expect(inline).toBe(1 + 20 * (2 + 1 + 10 * 2));
    const viaVariable = cost('query($n: Int) { clients(first: 20) { edges { node { id ... on Client { systems(first: $n) { edges { node { id } } } } } } } }', { n: 10 });
    expect(viaVariable).toBe(inline);
    // Left out, `first` is the default page of 50.
    expect(cost('{ clients(first: 20) { edges { node { id ... on Client { systems { edges { node { id } } } } } } } }')).toBe(1 + 20 * (2 + 1 + 50 * 2));
  });

  it('counts objects, not scalars, and lists of ids by their length', () => {
    expect(cost('{ servers(first: 100) { totalCount edges { node { id ... on Server { hostname cpu memory tags } } } } }')).toBe(1 + 100 * 2);
    // A plain list of objects counts each of them.
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c'] })).toBe(1 + 3 * 1);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Server { owner { __typename } } } }', { ids: ['a', 'b', 'c'] })).toBe(1 + 3 * 2);
    expect(cost('{ search(query: "db", first: 30) { id } }')).toBe(1 + 30 * 1);
    expect(cost('{ impact(id: "x", depth: 3) { depth node { id } } }')).toBe(1 + 1000 * 2);
  });

  it('counts each row of a report run’s page as an object', () => {
    expect(cost('query($id: ID!) { reportRun(id: $id) { id rows(first: 1000) { rows totalCount } } }', { id: 'x' })).toBe(1 + 1 + 1000 * 1);
    // Every run of every report: the pages multiply.
    expect(cost('{ reports { runs(first: 100) { rows(first: 1000) { rows } } } }')).toBe(1 + 1 + 100 * (1 + 1 + 1000));
  });

  it('refuses what could load more than the limit, with a code and a message that says what to do', () => {
    const query = 'query($a: Int, $b: Int) { servers(first: $a) { edges { node { ... on Server { runs(first: $b) { edges { node { id } } } } } } } }';
    const ok = costError({ schema, document: parse(query), variables: { a: 100, b: 100 } }, 1_000_000);
    expect(ok).toBeNull();
    const error = costError({ schema, document: parse(query), variables: { a: 1000, b: 1000 } }, 1_000_000);
    expect(error?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error?.message).toMatch(/could load up to 2,003,001 objects; the limit is 1,000,000\. Ask for smaller pages with `first`/);
  });

  it('leaves variables that do not fit the operation to execution, which names them', () => {
    expect(cost('query($n: Int!) { servers(first: $n) { totalCount } }', {})).toBeNull();
    expect(cost('query($n: Int!) { servers(first: $n) { totalCount } }', { n: 'many' })).toBeNull();
  });
});

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? graphqlFiles(path) : path.endsWith('.graphql') ? [path] : [];
  });
}

/** A value for each variable, at the largest the dashboard sends; null when a required input object has no stand-in. */
function worstCaseVariables(operation: OperationDefinitionNode): Record<string, unknown> | null {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never);
    if (!type) return null;
    const named = getNamedType(type).name;
    const list = isListType(isNonNullType(type) ? type.ofType : type);
    const scalar: Record<string, unknown> = { Int: 100, ID: 'x', String: 'x', Boolean: true, DateTimeISO: new Date(0).toISOString() };
    // An enum (an export format…): its first value.
    const namedType = getNamedType(type);
    if (isEnumType(namedType)) scalar[named] = namedType.getValues()[0]!.value;
    if (!(named in scalar)) {
      if (isNonNullType(type)) return null;
      continue;
    }
    variables[definition.variable.name.value] = list ? Array.from({ length: 100 }, () => scalar[named]) : scalar[named];
  }
  return variables;
}

describe("the dashboard's operations", () => {
  const document: DocumentNode = parse(graphqlFiles(join(root, 'schema/operations')).map((f) => readFileSync(f, 'utf8')).join('\n'));
  const queries = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation !== 'mutation');

  it('all stay far below the default limit, with pages of 100', () => {
    expect(queries.length).toBeGreaterThan(20);
    for (const operation of queries) {
      const variables = worstCaseVariables(operation);
      expect(variables, operation.name?.value).not.toBeNull();
      const value = operationCost({ schema, document, operationName: operation.name?.value, variables });
      expect(value, operation.name?.value).not.toBeNull();
      expect(value!, operation.name?.value).toBeLessThan(100_000);
    }
  });
});
