import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphQLError, buildSchema, getNamedType, isObjectType } from 'graphql';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import type { ImportRowViewFragment } from '../../gql/graphql.ts';
import { INVENTORY_TYPES, inventoryType } from './inventory-types.ts';
import { defaultListState, readListState } from './list-query.ts';
import {
  apiPluralOf,
  columnOfPath,
  exampleColumns,
  exampleHeader,
  exportErrorMessage,
  exportFileName,
  exportUrl,
  guessFormat,
  importColumnsOf,
  importErrorMessage,
  keptByLockRows,
  rowsToReview,
  writtenRows,
} from './transfer.ts';

const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../../../schema/schema.graphql', import.meta.url)), 'utf8'));

function declared(type: string) {
  const def = inventoryType(type);
  if (!def) throw new Error(`no ${type} declaration`);
  return def;
}

const server = declared('Server');

function row(partial: Partial<ImportRowViewFragment> & { row: number }): ImportRowViewFragment {
  return { status: 'CREATED', id: null, errors: [], warnings: [], ...partial };
}

describe('export', () => {
  it('names each type by the API’s plural, which its list query also has', () => {
    const query = schema.getQueryType()?.getFields() ?? {};
    for (const def of INVENTORY_TYPES) {
      const field = query[apiPluralOf(def)];
      if (!field) throw new Error(`Query.${apiPluralOf(def)} is missing`);
      const connection = getNamedType(field.type);
      expect(isObjectType(connection) && connection.name, def.type).toBe(`${def.type}Connection`);
    }
    expect(apiPluralOf(declared('LoadBalancer'))).toBe('loadBalancers');
  });

  it('asks for the list with the page’s filters and sort', () => {
    const state = readListState(server, new URLSearchParams('hostname=web&environment=PRODUCTION&tag=eu&sort=CPU&dir=DESC'));
    const url = new URL(exportUrl(server, state, 'CSV'), 'http://maestro.test');
    expect(url.pathname).toBe('/export/servers');
    expect(url.searchParams.get('format')).toBe('csv');
    expect(JSON.parse(url.searchParams.get('filter') ?? '')).toEqual({
      active: true,
      hostname: { contains: 'web' },
      environment: ['PRODUCTION'],
      tags: { all: ['eu'] },
    });
    expect(JSON.parse(url.searchParams.get('orderBy') ?? '')).toEqual({ field: 'CPU', direction: 'DESC' });

    const deleted = new URL(exportUrl(declared('LoadBalancer'), { ...defaultListState(declared('LoadBalancer')), deleted: true }, 'JSON'), 'http://maestro.test');
    expect(deleted.pathname).toBe('/export/loadBalancers');
    expect(deleted.searchParams.get('format')).toBe('json');
    expect(JSON.parse(deleted.searchParams.get('filter') ?? '')).toEqual({ active: false });
    expect(JSON.parse(deleted.searchParams.get('orderBy') ?? '')).toEqual({ field: 'NAME', direction: 'ASC' });
  });

  it('saves under the name the API gives, as a plain file name, or the list’s', () => {
    expect(exportFileName(server, 'CSV', 'attachment; filename="servers.csv"')).toBe('servers.csv');
    expect(exportFileName(server, 'JSON', "attachment; filename*=UTF-8''servers%20eu.json")).toBe('servers eu.json');
    expect(exportFileName(server, 'CSV', 'attachment; filename=servers.csv')).toBe('servers.csv');
    expect(exportFileName(server, 'CSV', 'attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(exportFileName(server, 'JSON', 'attachment')).toBe('servers.json');
    expect(exportFileName(declared('LoadBalancer'), 'CSV', null)).toBe('load-balancers.csv');
  });

  it('says why an export failed, in the API’s words when it gave some', () => {
    expect(exportErrorMessage(400, { errors: [{ message: 'Invalid filter: bad value', extensions: { code: 'BAD_USER_INPUT' } }] })).toBe(
      'The export failed: Invalid filter: bad value',
    );
    expect(exportErrorMessage(401, null)).toMatch(/session has ended/);
    expect(exportErrorMessage(502, '<html>')).toBe('The export failed (HTTP 502). Try again in a moment.');
  });
});

describe('import files', () => {
  it('guesses the format from the file’s extension', () => {
    expect(guessFormat('servers.csv')).toBe('CSV');
    expect(guessFormat('Servers.JSON')).toBe('JSON');
    expect(guessFormat('export.2024.json ')).toBe('JSON');
    expect(guessFormat('servers.txt')).toBeNull();
    expect(guessFormat('servers')).toBeNull();
  });

  it('names the columns a file may have as the API reads them', () => {
    const columns = importColumnsOf(server);
    expect(columns.slice(0, 3)).toEqual(['hostname', 'environment', 'ipv4Private']);
    expect(columns).toEqual(expect.arrayContaining(['os.base', 'os.distribution', 'placement.instanceId', 'storage', 'authMethods', 'tags']));
    expect(columns).not.toContain('os');
  });

  it('shows a small example header: the name, required fields and one field of each kind', () => {
    expect(exampleColumns(server)).toEqual(['hostname', 'environment', 'ipv4Private', 'cpu', 'services', 'os.base']);
    expect(exampleHeader(declared('Datacenter'))).toBe('name,provider,regions');
    expect(exampleHeader(declared('Application'))).toBe('name,family,language,clusterMode,spec.endpoint,tags');
    for (const def of INVENTORY_TYPES) {
      const columns = exampleColumns(def);
      expect(columns[0], def.type).toBe(def.nameField);
      expect(columns.length, def.type).toBeLessThanOrEqual(7);
      for (const column of columns) expect(importColumnsOf(def), def.type).toContain(column);
    }
  });
});

describe('import results', () => {
  it('names the column of a row’s problem', () => {
    expect(columnOfPath('rows.3.ipv4Private')).toBe('ipv4Private');
    expect(columnOfPath('rows.12.os.base')).toBe('os.base');
    expect(columnOfPath('rows.3')).toBe('');
    expect(columnOfPath('input.data')).toBe('data');
    expect(columnOfPath(null)).toBe('');
  });

  it('lists rows with errors or warnings in file order, and links only to written items', () => {
    const rows = [
      row({ row: 3, status: 'CREATED', id: 'c', warnings: [{ code: 'DUPLICATE', message: 'taken', path: 'rows.3.ipv4Private', items: [] }] }),
      row({ row: 1, status: 'ERROR', errors: [{ path: 'rows.1.ipv4Private', message: 'must be an IPv4 address' }] }),
      row({ row: 2, status: 'UNCHANGED', id: 'u' }),
      row({ row: 4, status: 'UPDATED', id: 'd' }),
    ];
    expect(rowsToReview(rows).map((r) => r.row)).toEqual([1, 3]);
    expect(writtenRows(rows).map((r) => r.id)).toEqual(['c', 'd']);
  });

  it('lists the fields each row kept because they are locked', () => {
    const kept = (row: number, field: string) => ({ code: 'KEPT_BY_LOCK', message: `${field} is locked on this server: kept as it is.`, path: `rows.${row}.${field}`, items: [] });
    const rows = [
      row({ row: 4, status: 'UPDATED', id: 'd', warnings: [kept(4, 'role')] }),
      row({ row: 2, status: 'UNCHANGED', id: 'b', warnings: [kept(2, 'cpu'), { code: 'DUPLICATE', message: 'taken', path: 'rows.2.ipv4Private', items: [] }, kept(2, 'os')] }),
      row({ row: 3, status: 'UPDATED', id: 'c' }),
    ];
    expect(keptByLockRows(rows)).toEqual([
      { row: 2, id: 'b', fields: ['cpu', 'os'] },
      { row: 4, id: 'd', fields: ['role'] },
    ]);
    expect(keptByLockRows([])).toEqual([]);
  });

  it('shows the API’s sentence for a refused import, and plain words when it could not be reached', () => {
    const tooLarge = new CombinedError({
      graphQLErrors: [
        new GraphQLError('The file is 9000000 bytes; the most an import takes is 8388608 bytes. Split it.', {
          extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.data', message: 'must be at most 8388608 bytes' }] },
        }),
      ],
    });
    expect(importErrorMessage(tooLarge)).toBe('The file is 9000000 bytes; the most an import takes is 8388608 bytes. Split it.');
    expect(importErrorMessage(new CombinedError({ networkError: new Error('Failed to fetch') }))).toMatch(/could not be reached/);
    expect(importErrorMessage(new CombinedError({ graphQLErrors: [new GraphQLError('boom', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }))).toMatch(
      /went wrong on the server/,
    );
    expect(importErrorMessage(new CombinedError({ networkError: new Error('Payload Too Large'), response: { status: 413 } }))).toMatch(/too large/);
    expect(importErrorMessage(undefined)).toBeNull();
  });
});
