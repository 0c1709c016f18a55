import { describe, expect, it } from 'vitest';
import { hasActivityFilter, readActivityState, runActivityPath, toActivityFilter, writeActivityState } from './activity-query.ts';
import { fromLocalInput, readIsoParam, toLocalInput } from './time-input.ts';

describe('the Activity page in the address', () => {
  it('reads known types and operations in a fixed order, and ignores the rest', () => {
    const state = readActivityState(
      new URLSearchParams('types=Server,Nope,Datacenter&ops=UPDATE,CREATE,EXPLODE&since=2026-03-12T10:00:00.000Z&until=soon&mine=1'),
    );
    expect(state).toEqual({
      types: ['Datacenter', 'Server'],
      operations: ['CREATE', 'UPDATE'],
      actorKinds: [],
      runId: null,
      since: '2026-03-12T10:00:00.000Z',
      until: null,
      mine: true,
    });
    expect(readActivityState(writeActivityState(state))).toEqual(state);
    expect(hasActivityFilter(readActivityState(new URLSearchParams()))).toBe(false);
  });

  it('builds the API filter, with "only mine" as the reader’s id', () => {
    const state = readActivityState(new URLSearchParams('types=Server&mine=1'));
    expect(toActivityFilter(state, 'VXNlcjox')).toEqual({ types: ['Server'], actorId: 'VXNlcjox' });
    expect(toActivityFilter(state, null)).toEqual({ types: ['Server'] });
  });

  it('keeps kinds of actor in a fixed order and one run, and asks the API for them', () => {
    const state = readActivityState(new URLSearchParams('by=SYSTEM,ROBOT,IMPORT&run=SW1wb3J0OjEy&ops=LOCK'));
    expect(state).toMatchObject({ actorKinds: ['IMPORT', 'SYSTEM'], runId: 'SW1wb3J0OjEy', operations: ['LOCK'] });
    expect(readActivityState(writeActivityState(state))).toEqual(state);
    expect(hasActivityFilter(readActivityState(new URLSearchParams('run=SW1wb3J0OjEy')))).toBe(true);
    expect(hasActivityFilter(readActivityState(new URLSearchParams('by=DISCOVERY')))).toBe(true);
    expect(toActivityFilter(state, null)).toEqual({ operations: ['LOCK'], actorKinds: ['IMPORT', 'SYSTEM'], runId: 'SW1wb3J0OjEy' });
    expect(readActivityState(new URLSearchParams('run=')).runId).toBeNull();
  });

  it('links to everything one import changed', () => {
    const path = runActivityPath('SW1wb3J0OjEy');
    expect(path).toBe('/activity?run=SW1wb3J0OjEy');
    expect(readActivityState(new URLSearchParams(path.split('?')[1])).runId).toBe('SW1wb3J0OjEy');
  });

  it('converts times for date-time fields both ways', () => {
    const iso = '2026-03-12T10:05:09.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-03-12T10:05')).not.toBeNull();
    expect(readIsoParam('yesterday')).toBeNull();
  });
});
