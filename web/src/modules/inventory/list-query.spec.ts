import { describe, expect, it } from 'vitest';
import { inventoryType } from './inventory-types.ts';
import { defaultListState, hasNoFilter, nextSort, readListState, toFilterInput, writeListState } from './list-query.ts';

const server = inventoryType('Server');
if (!server) throw new Error('no Server declaration');

describe('list state', () => {
  it('reads filters and sort from the address, ignoring what the type does not know', () => {
    const state = readListState(server, new URLSearchParams('hostname=web&environment=PRODUCTION&osBase=PLAN9&tag=eu&deleted=1&sort=CPU&dir=DESC&page=3'));
    expect(state).toEqual({
      filters: { hostname: 'web', environment: 'PRODUCTION', ipv4Private: '', osBase: '', instanceType: '', state: '' },
      tag: 'eu',
      deleted: true,
      sort: 'CPU',
      direction: 'DESC',
    });
    expect(readListState(server, new URLSearchParams('sort=FAMILY')).sort).toBe('NAME');
  });

  it('writes only what differs from the defaults, keeping other parameters', () => {
    const state = { ...defaultListState(server), filters: { ...defaultListState(server).filters, environment: 'STAGING' }, sort: 'MEMORY' };
    expect(writeListState(server, state, new URLSearchParams('hostname=old&x=1')).toString()).toBe('x=1&environment=STAGING&sort=MEMORY');
    expect(writeListState(server, defaultListState(server)).toString()).toBe('');
  });

  it('builds the API filter: contains, enum lists, tags, deleted ones', () => {
    const state = readListState(server, new URLSearchParams('hostname=%20web%20&environment=PRODUCTION&tag=eu&deleted=1'));
    expect(toFilterInput(server, state)).toEqual({ active: false, hostname: { contains: 'web' }, environment: ['PRODUCTION'], tags: { all: ['eu'] } });
    expect(toFilterInput(server, defaultListState(server))).toEqual({ active: true });
    expect(hasNoFilter(defaultListState(server))).toBe(true);
    expect(hasNoFilter(state)).toBe(false);
    const volume = inventoryType('Volume');
    if (!volume) throw new Error('no Volume declaration');
    expect(toFilterInput(volume, readListState(volume, new URLSearchParams('attached=false')))).toEqual({ active: true, attached: false });
  });

  it('sorts a new column ascending and flips the same one', () => {
    const state = defaultListState(server);
    expect(nextSort(state, 'CPU')).toEqual({ sort: 'CPU', direction: 'ASC' });
    expect(nextSort(state, 'NAME')).toEqual({ sort: 'NAME', direction: 'DESC' });
    expect(nextSort({ ...state, direction: 'DESC' }, 'NAME')).toEqual({ sort: 'NAME', direction: 'ASC' });
  });
});
