import { describe, expect, it } from 'vitest';
import { boxExit, edgeKey, fitView, layoutByDepth, pathToRoots, typesOf, visiblePart, zoomAt, type PictureEdge } from './graph-picture.ts';

const nodes = [
  { id: 'shop', type: 'Application', name: 'shop', depth: 0, root: true },
  { id: 'admin', type: 'Application', name: 'admin', depth: 0, root: true },
  { id: 'pricing', type: 'Application', name: 'pricing', depth: 1, root: false },
  { id: 'db', type: 'Database', name: 'db', depth: 2, root: false },
  { id: 'srv', type: 'Server', name: 'srv', depth: 3, root: false },
];
const edges: PictureEdge[] = [
  { from: 'shop', to: 'pricing', kind: 'DEPENDS_ON' },
  { from: 'admin', to: 'pricing', kind: 'DEPENDS_ON' },
  { from: 'pricing', to: 'db', kind: 'DEPENDS_ON' },
  { from: 'db', to: 'srv', kind: 'RUNS_ON' },
  { from: 'admin', to: 'db', kind: 'USES' },
];

describe('pathToRoots', () => {
  it('walks back to every root, by the shortest way', () => {
    const path = pathToRoots('srv', nodes, edges);
    expect([...path.nodes].sort()).toEqual(['admin', 'db', 'pricing', 'shop', 'srv']);
    expect([...path.edges].sort()).toEqual(
      [edgeKey(edges[3]!), edgeKey(edges[2]!), edgeKey(edges[0]!), edgeKey(edges[4]!)].sort(),
    );
    expect(path.edges.has(edgeKey(edges[1]!))).toBe(false);
  });

  it('is the item alone for a root', () => {
    const path = pathToRoots('shop', nodes, edges);
    expect([...path.nodes]).toEqual(['shop']);
    expect(path.edges.size).toBe(0);
  });

  it('survives cycles', () => {
    const cyclic: PictureEdge[] = [...edges, { from: 'srv', to: 'pricing', kind: 'DEPENDS_ON' }];
    expect(pathToRoots('pricing', nodes, cyclic).nodes).toEqual(new Set(['pricing', 'shop', 'admin']));
  });
});

describe('visiblePart', () => {
  it('hides the types unchecked and the relations at them', () => {
    const part = visiblePart(nodes, edges, new Set(['Database']));
    expect(part.nodes.map((node) => node.id)).toEqual(['shop', 'admin', 'pricing', 'srv']);
    expect(part.edges).toEqual([edges[0], edges[1]]);
  });

  it('lists the types present once', () => {
    expect(typesOf(nodes)).toEqual(['Application', 'Database', 'Server']);
  });
});

describe('layoutByDepth', () => {
  it('puts a column per depth and a row per item', () => {
    const picture = layoutByDepth(nodes, edges);
    const at = new Map(picture.nodes.map((node) => [node.id, node]));
    expect(at.get('shop')!.x).toBe(at.get('admin')!.x);
    expect(at.get('admin')!.y).toBeGreaterThan(at.get('shop')!.y);
    expect(at.get('pricing')!.x).toBeGreaterThan(at.get('shop')!.x);
    expect(picture.width).toBeGreaterThan(at.get('srv')!.x + at.get('srv')!.width);
    expect(picture.height).toBeGreaterThan(at.get('admin')!.y + at.get('admin')!.height);
  });
});

describe('geometry', () => {
  const box = { id: 'a', type: 'Server', name: 'a', depth: 0, root: true, x: 0, y: 0, width: 100, height: 40 };
  it('leaves a box on its side', () => {
    expect(boxExit(box, { x: 250, y: 20 })).toEqual({ x: 100, y: 20 });
    expect(boxExit(box, { x: 50, y: -100 })).toEqual({ x: 50, y: 0 });
  });

  it('zooms around the pointer, within bounds', () => {
    const view = zoomAt({ x: 0, y: 0, scale: 1 }, 2, { x: 100, y: 100 });
    expect(view).toEqual({ x: -100, y: -100, scale: 2 });
    expect(zoomAt({ x: 0, y: 0, scale: 1 }, 100, { x: 0, y: 0 }).scale).toBe(4);
  });

  it('fits a big picture in its frame, and centers a small one', () => {
    expect(fitView({ width: 2000, height: 500 }, { width: 1000, height: 500 }).scale).toBe(0.5);
    expect(fitView({ width: 100, height: 100 }, { width: 300, height: 300 })).toEqual({ x: 100, y: 100, scale: 1 });
  });
});
