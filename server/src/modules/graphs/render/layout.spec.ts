import { describe, expect, it } from 'vitest';
import { randomDag, smallPicture } from './fixtures.js';
import { layoutGraph, MAX_LAID_OUT_NODES } from './layout.js';
import type { GraphLayout, LaidOutNode } from './types.js';

function overlap(a: LaidOutNode, b: LaidOutNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(layout: GraphLayout): boolean {
  return layout.nodes.every(
    (node) => node.x >= 0 && node.y >= 0 && node.x + node.width <= layout.width && node.y + node.height <= layout.height,
  );
}

describe('the layout of a dependency graph', () => {
  it('places every item inside the picture, no two boxes overlapping', async () => {
    const picture = smallPicture();
    const layout = await layoutGraph(picture);
    expect(layout.notice).toBeNull();
    expect(layout.nodes.map((node) => node.id).sort()).toEqual(picture.nodes.map((node) => node.id).sort());
    expect(inside(layout)).toBe(true);
    for (const [i, a] of layout.nodes.entries()) {
      for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b), `${a.name} and ${b.name}`).toBe(false);
    }
  });

  it('puts the roots in the first layer, above everything else', async () => {
    const picture = smallPicture();
    // A second root, reached by nothing.
    picture.nodes.push({ id: 'ops', type: 'Client', name: 'Operations', depth: 0, root: true, system: null });
    picture.edges.push({ from: 'sys', to: 'ops', kind: 'SERVES' });
    picture.nodes.push({ id: 'batch', type: 'Application', name: 'batch', depth: 0, root: true, system: null });
    picture.edges.push({ from: 'batch', to: 'db', kind: 'DEPENDS_ON' });
    const layout = await layoutGraph(picture);
    const top = Math.min(...layout.nodes.map((node) => node.y));
    const roots = layout.nodes.filter((node) => node.root);
    // `ops` is a root reached from another root: it may sit a layer lower; the others are on top.
    for (const root of roots.filter((node) => node.id !== 'ops')) expect(root.y, root.name).toBe(top);
    for (const node of layout.nodes.filter((n) => !n.root)) expect(node.y, node.name).toBeGreaterThan(top);
  });

  it('routes every relation from its first item to its second, kinds between the same items apart', async () => {
    const picture = smallPicture();
    const layout = await layoutGraph(picture);
    expect(layout.edges).toHaveLength(picture.edges.length);
    const byId = new Map(layout.nodes.map((node) => [node.id, node]));
    const near = (p: { x: number; y: number }, node: LaidOutNode): boolean =>
      p.x >= node.x - 12 && p.x <= node.x + node.width + 12 && p.y >= node.y - 12 && p.y <= node.y + node.height + 12;
    for (const edge of layout.edges) {
      expect(edge.points.length, `${edge.kind} ${edge.from} ${edge.to}`).toBeGreaterThanOrEqual(2);
      expect(near(edge.points[0]!, byId.get(edge.from)!), `${edge.kind} starts at ${edge.from}`).toBe(true);
      expect(near(edge.points.at(-1)!, byId.get(edge.to)!), `${edge.kind} ends at ${edge.to}`).toBe(true);
    }
    // PART_OF and ENTRY_POINT join shop-web and the system: two lines, not one on top of the other.
    const partOf = layout.edges.find((edge) => edge.kind === 'PART_OF' && edge.from === 'web')!;
    const entry = layout.edges.find((edge) => edge.kind === 'ENTRY_POINT')!;
    expect(partOf.points.map((p) => p.x)).not.toEqual([...entry.points].reverse().map((p) => p.x));
  });

  it('groups a graph over the cap by system, with fewer boxes, merged edges and a notice', async () => {
    const picture = randomDag(MAX_LAID_OUT_NODES + 300, { edgesPerNode: 1.5, systems: 12, seed: 7 });
    const layout = await layoutGraph(picture);
    expect(layout.notice).toBe('1,800 items: grouped by system to stay readable (over 1,500)');
    expect(layout.nodes.length).toBeLessThan(60);
    expect(layout.nodes.some((node) => /^System S\d+ \(\d+ items\)$/.test(node.name))).toBe(true);
    expect(layout.nodes.some((node) => /^depth \d+ \(\d+ items\)$/.test(node.name))).toBe(true);
    expect(layout.nodes.reduce((sum, node) => sum + (node.members?.length ?? 0), 0)).toBe(picture.nodes.length);
    expect(layout.edges.some((edge) => (edge.count ?? 0) > 1)).toBe(true);
    expect(inside(layout)).toBe(true);
  });

  it('gives an empty graph a small empty picture', async () => {
    const layout = await layoutGraph({ title: 'Nothing', nodes: [], edges: [] });
    expect(layout).toMatchObject({ nodes: [], edges: [], notice: null });
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.width).toBeLessThan(1_000);
    expect(layout.height).toBeGreaterThan(0);
  });

  it('ignores relations to items that are not in the graph, and repeated items', async () => {
    const picture = smallPicture();
    picture.nodes.push({ ...picture.nodes[0]! });
    picture.edges.push({ from: 'web', to: 'elsewhere', kind: 'RUNS_ON' });
    const layout = await layoutGraph(picture);
    expect(layout.nodes).toHaveLength(picture.nodes.length - 1);
    expect(layout.edges).toHaveLength(picture.edges.length - 1);
  });

  it('lays out a graph of 2,000 items and 8,000 relations (it finishes)', async () => {
    const layout = await layoutGraph(randomDag(2_000, { systems: 50, seed: 3 }));
    expect(layout.nodes.length).toBeGreaterThan(0);
    expect(layout.notice).not.toBeNull();
    expect(inside(layout)).toBe(true);
  });

  it('lays out a graph just under the cap without grouping it (it finishes)', async () => {
    const layout = await layoutGraph(randomDag(MAX_LAID_OUT_NODES, { seed: 5 }));
    expect(layout.notice).toBeNull();
    expect(layout.nodes).toHaveLength(MAX_LAID_OUT_NODES);
  });
});
