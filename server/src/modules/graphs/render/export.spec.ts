import { describe, expect, it } from 'vitest';
import { graphDot, graphJson } from './export.js';
import { randomDag, smallPicture } from './fixtures.js';
import { layoutGraph } from './layout.js';

/** The DOT text outside quoted strings (escapes honoured), to count braces in. */
function outsideQuotes(dot: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < dot.length; i++) {
    const c = dot[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted) out += c;
  }
  expect(quoted, 'every quoted string is closed').toBe(false);
  return out;
}

describe('the DOT export of a dependency graph', () => {
  it('is a digraph with every item and relation, braces balanced', () => {
    const picture = smallPicture();
    const dot = graphDot(picture);
    expect(dot.startsWith('digraph "Shop dependencies" {')).toBe(true);
    const bare = outsideQuotes(dot);
    expect(bare.split('{').length).toBe(2);
    expect(bare.split('}').length).toBe(2);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    for (const node of picture.nodes) expect(dot).toContain(`"${node.id}" [label="${node.name}", type="${node.type}"`);
    for (const edge of picture.edges) expect(dot).toContain(`"${edge.from}" -> "${edge.to}" [label="${edge.kind}"`);
    expect(dot).toMatch(/"sys" \[[^\]]*root="true"/);
  });

  it('escapes quotes, backslashes and line breaks in names and ids', () => {
    const picture = smallPicture('The "shop" {graph}');
    picture.nodes[1]!.name = 'lb "front" \\ {edge}\nline two';
    picture.nodes[2]!.id = 'id"with{quote}';
    picture.edges = picture.edges.map((edge) => (edge.from === 'web' ? { ...edge, from: 'id"with{quote}' } : edge));
    const dot = graphDot(picture);
    expect(dot).toContain('digraph "The \\"shop\\" {graph}" {');
    expect(dot).toContain('[label="lb \\"front\\" \\\\ {edge}\\nline two"');
    expect(dot).toContain('"id\\"with{quote}" -> "s1"');
    const bare = outsideQuotes(dot);
    expect(bare.split('{').length).toBe(2);
    expect(bare.split('}').length).toBe(2);
    // One statement a line: no name broke a line.
    expect(dot.trimEnd().split('\n')).toHaveLength(4 + picture.nodes.length + picture.edges.length + 1);
  });
});

describe('the JSON export of a dependency graph', () => {
  it('gives the title, items and relations', () => {
    const picture = smallPicture();
    const json = JSON.parse(graphJson(picture));
    expect(json).toEqual({ title: picture.title, nodes: picture.nodes, edges: picture.edges });
  });

  it('adds the positions when a layout is given', async () => {
    const picture = smallPicture();
    const layout = await layoutGraph(picture);
    const json = JSON.parse(graphJson(picture, layout));
    expect(json.layout).toEqual({ width: layout.width, height: layout.height, notice: null });
    for (const node of json.nodes) expect(node).toMatchObject({ x: expect.any(Number), y: expect.any(Number), width: 216, height: 52 });
    for (const edge of json.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
  });

  it('tells each item its group, and gives the groups, when the graph was grouped', async () => {
    const picture = randomDag(1_600, { edgesPerNode: 1.5, systems: 10, seed: 11 });
    const layout = await layoutGraph(picture);
    const json = JSON.parse(graphJson(picture, layout));
    expect(json.layout.notice).toBe(layout.notice);
    expect(json.layout.groups.length).toBe(layout.nodes.length);
    const groups = new Set(json.layout.groups.map((group: { id: string }) => group.id));
    for (const node of json.nodes) expect(groups.has(node.group)).toBe(true);
    expect(json.layout.groups.reduce((sum: number, group: { items: number }) => sum + group.items, 0)).toBe(1_600);
  });
});
