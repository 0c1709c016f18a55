import { describe, expect, it } from 'vitest';
import type { GraphHopViewFragment } from '../../gql/graphql.ts';
import { hopsPicture } from './hops-picture.ts';

const app: GraphHopViewFragment = { depth: 1, path: ['s', 'a'], via: 'DEPENDS_ON', node: { __typename: 'Application', id: 'a', name: 'pricing', environment: null } };
const db: GraphHopViewFragment = { depth: 2, path: ['s', 'a', 'd'], via: 'DEPENDS_ON', node: { __typename: 'Database', id: 'd', name: 'orders', engine: 'POSTGRESQL', environment: null } };
const start = { id: 's', type: 'Application', name: 'shop' };

describe('hopsPicture', () => {
  it('puts the item first and a column per depth, joined along the paths', () => {
    const picture = hopsPicture('dependencies', start, [db, app]);
    expect(picture.nodes.map((node) => [node.id, node.depth])).toEqual([
      ['s', 0],
      ['a', 1],
      ['d', 2],
    ]);
    expect(picture.edges).toEqual([
      { from: 's', to: 'a', kind: 'DEPENDS_ON' },
      { from: 'a', to: 'd', kind: 'DEPENDS_ON' },
    ]);
    expect(picture.nodes[1]!.x).toBeGreaterThan(picture.nodes[0]!.x);
  });

  it('points an impact’s relations back towards the item', () => {
    expect(hopsPicture('impact', start, [app]).edges).toEqual([{ from: 'a', to: 's', kind: 'DEPENDS_ON' }]);
  });
});
