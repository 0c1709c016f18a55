import { describe, expect, it } from 'vitest';
import type { GraphHopViewFragment } from '../../gql/graphql.ts';
import { groupByDepth, pathNames, summarize } from './graph-hops.ts';

const app: GraphHopViewFragment = { depth: 1, path: ['s', 'a'], via: 'RUNS_ON', node: { __typename: 'Application', id: 'a', name: 'shop', environment: null } };
const db: GraphHopViewFragment = { depth: 1, path: ['s', 'd'], via: 'RUNS_ON', node: { __typename: 'Database', id: 'd', name: 'orders', engine: 'POSTGRESQL', environment: null } };
const system: GraphHopViewFragment = { depth: 2, path: ['s', 'a', 'y'], via: 'PART_OF', node: { __typename: 'System', id: 'y', name: 'checkout' } };
const hidden: GraphHopViewFragment = { depth: 3, path: ['s', 'x', 'z', 'c'], via: 'SERVES', node: { __typename: 'Client', id: 'c', name: 'ACME' } };

describe('graph hops', () => {
  it('groups by depth, nearest first, then by type and name', () => {
    const levels = groupByDepth([system, db, app]);
    expect(levels.map((level) => [level.depth, level.hops.map((hop) => hop.node.id)])).toEqual([
      [1, ['a', 'd']],
      [2, ['y']],
    ]);
    expect(summarize(levels)).toBe('3 items at 2 depths');
    expect(summarize(groupByDepth([app]))).toBe('1 item');
    expect(summarize([])).toBe('Nothing');
  });

  it('names the path from the start, with "…" for items the caller cannot read', () => {
    const hops = [app, db, system, hidden];
    expect(pathNames(system, 'web-1', hops, 's')).toEqual(['web-1', 'shop', 'checkout']);
    expect(pathNames(hidden, 'web-1', hops, 's')).toEqual(['web-1', '…', '…', 'ACME']);
  });
});
