import { describe, expect, it } from 'vitest';
import type { ChangePageFragment } from '../../gql/graphql.ts';
import { appendOlder, mergeNewest } from './change-feed.ts';

function edge(n: number): ChangePageFragment['edges'][number] {
  return {
    cursor: `c${n}`,
    node: {
      id: `change-${n}`,
      entityType: 'Server',
      entityId: 'server',
      operation: 'UPDATE',
      at: new Date(Date.UTC(2026, 2, 12, 12, 0, n)).toISOString(),
      actor: { kind: 'USER', id: 'u', name: 'Ada', runId: null, personId: 'u' },
      diff: [],
    },
  };
}

function page(numbers: number[], hasNextPage: boolean, totalCount = numbers.length): ChangePageFragment {
  return { totalCount, pageInfo: { hasNextPage, endCursor: `c${numbers.at(-1) ?? ''}` }, edges: numbers.map(edge) };
}

const ids = (state: { edges: readonly { node: { id: string } }[] }) => state.edges.map((e) => e.node.id.replace('change-', ''));

describe('a feed of changes', () => {
  it('starts with the first page, appends older ones and puts new ones on top', () => {
    const first = mergeNewest(null, page([5, 4, 3], true, 6));
    expect(ids(first)).toEqual(['5', '4', '3']);
    expect(first.hasOlder).toBe(true);
    const older = appendOlder(first, page([2, 1, 0], false, 6));
    expect(ids(older)).toEqual(['5', '4', '3', '2', '1', '0']);
    expect(older.hasOlder).toBe(false);
    const fresh = mergeNewest(older, page([7, 6, 5], true, 8));
    expect(ids(fresh)).toEqual(['7', '6', '5', '4', '3', '2', '1', '0']);
    expect(fresh.hasOlder).toBe(false);
    expect(fresh.totalCount).toBe(8);
  });

  it('starts over when too much happened to stitch the pages together', () => {
    const first = mergeNewest(null, page([5, 4], false));
    const gap = mergeNewest(first, page([9, 8], true, 10));
    expect(ids(gap)).toEqual(['9', '8']);
    expect(gap.hasOlder).toBe(true);
  });

  it('keeps the same feed when nothing is new', () => {
    const first = mergeNewest(null, page([2, 1], false));
    expect(ids(mergeNewest(first, page([2, 1], false)))).toEqual(['2', '1']);
  });
});
