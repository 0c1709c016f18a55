import { describe, expect, it } from 'vitest';
import { inventoryType } from './inventory-types.ts';
import { columnsOf, parseColumnChoice, resolveColumns } from './list-columns.ts';

const server = inventoryType('Server');
if (!server) throw new Error('no Server declaration');
const available = columnsOf(server);

describe('list columns', () => {
  it('offers scalar fields and group fields, not lists of objects nor the name', () => {
    const ids = available.map((column) => column.id);
    expect(ids).toEqual(expect.arrayContaining(['ipv4Private', 'os.base', 'placement.region', 'tags', 'owner', 'myRole', 'updatedAt']));
    expect(ids).not.toContain('hostname');
    expect(ids).not.toContain('storage');
    expect(available.find((column) => column.id === 'os.base')?.label).toBe('Operating system · Base');
    expect(available.find((column) => column.id === 'cpu')?.sort).toBe('CPU');
    expect(available.find((column) => column.id === 'updatedAt')?.sort).toBe('UPDATED_AT');
    expect(available.find((column) => column.id === 'role')?.sort).toBeUndefined();
  });

  it('shows the chosen columns that still exist, or the defaults', () => {
    expect(resolveColumns(available, ['role', 'gone', 'cpu'], server.defaultColumns).map((column) => column.id)).toEqual(['role', 'cpu']);
    expect(resolveColumns(available, null, server.defaultColumns).map((column) => column.id).sort()).toEqual([...server.defaultColumns].sort());
    expect(resolveColumns(available, ['gone'], server.defaultColumns)).toHaveLength(server.defaultColumns.length);
    expect(resolveColumns(available, [], server.defaultColumns)).toEqual([]);
  });

  it('reads stored choices defensively', () => {
    expect(parseColumnChoice('["cpu","role"]')).toEqual(['cpu', 'role']);
    expect(parseColumnChoice('{"cpu":true}')).toBeNull();
    expect(parseColumnChoice('[1]')).toBeNull();
    expect(parseColumnChoice('not json')).toBeNull();
    expect(parseColumnChoice(null)).toBeNull();
  });
});
