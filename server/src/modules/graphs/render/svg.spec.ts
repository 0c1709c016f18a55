import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { randomDag, smallPicture } from './fixtures.js';
import { layoutGraph } from './layout.js';
import { graphSvg } from './svg.js';
import type { GraphPicture } from './types.js';

/** Every text of the document (text content and attribute values), as a reader or screen reader gets them. */
function texts(svg: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number') found.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true }).parse(svg));
  return found;
}

function attributeValues(svg: string, attribute: string): string[] {
  return [...svg.matchAll(new RegExp(`${attribute}="([^"]*)"`, 'g'))].map((m) => m[1] as string);
}

async function svgOf(picture: GraphPicture): Promise<string> {
  return graphSvg(await layoutGraph(picture), picture.title);
}

describe('the SVG picture of a dependency graph', () => {
  it('is a valid standalone SVG document', async () => {
    const svg = await svgOf(smallPicture());
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('font-family="Roboto, sans-serif"');
  });

  it('names every item, and keeps long names whole on hover', async () => {
    const picture = smallPicture();
    picture.nodes.push({ id: 'long', type: 'Application', name: 'a-very-long-application-name-for-billing-exports', depth: 1, root: false });
    picture.edges.push({ from: 'long', to: 's1', kind: 'RUNS_ON' });
    const all = texts(await svgOf(picture));
    for (const node of picture.nodes) expect(all.some((text) => text.includes(node.name)), node.name).toBe(true);
    // Drawn cut with an ellipsis, whole in the <title> shown on hover.
    expect(all).toContain('a-very-long-application-nam…');
    expect(all).toContain('a-very-long-application-name-for-billing-exports (Application)');
  });

  it('escapes what names hold: no markup gets through', async () => {
    const picture = smallPicture('Tom & Jerry <shop>');
    picture.nodes[1]!.name = '<script>alert("x")</script> & co';
    const svg = await svgOf(picture);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/);
    const all = texts(svg);
    expect(all.some((text) => text.includes('<script>alert("x")</script> & co'))).toBe(true);
    expect(all).toContain('Tom & Jerry <shop>');
  });

  it('is an accessible image: role, title, and a description with the counts', async () => {
    const picture = smallPicture();
    const svg = await svgOf(picture);
    expect(svg).toMatch(/<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="graph-title">Shop dependencies</title>');
    expect(svg).toContain('<desc id="graph-desc">9 items, 11 relations</desc>');
  });

  it('says in its description and on the picture when the graph was grouped', async () => {
    const svg = await svgOf(randomDag(1_600, { edgesPerNode: 1.5, systems: 10, seed: 11 }));
    expect(XMLValidator.validate(svg)).toBe(true);
    const desc = /<desc id="graph-desc">([^<]*)<\/desc>/.exec(svg)?.[1];
    expect(desc).toMatch(/^1,600 items, [\d,]+ relations\. 1,600 items: grouped by system to stay readable \(over 1,500\)$/);
    expect(texts(svg)).toContain('1,600 items: grouped by system to stay readable (over 1,500)');
  });

  it('draws a legend entry per type and relation kind present, and no other', async () => {
    const picture = smallPicture();
    const svg = await svgOf(picture);
    const types = [...new Set(picture.nodes.map((node) => node.type))].sort();
    const kinds = [...new Set(picture.edges.map((edge) => edge.kind))].sort();
    const legend = svg.slice(svg.indexOf('<g class="legend"'));
    expect(attributeValues(legend, 'data-type').sort()).toEqual(types);
    expect(attributeValues(legend, 'data-kind').sort()).toEqual(kinds);
    expect(legend).toContain('class="legend-root"');
    expect(legend).toContain('RUNS_ON (runs on a server)');
  });

  it('draws each relation as a path with an arrow in the style of its kind', async () => {
    const picture = smallPicture();
    const svg = await svgOf(picture);
    const edges = [...svg.matchAll(/<g class="edge" data-kind="(\w+)">.*?<path d="M[^"]+" [^>]*marker-end="url\(#arrow-(\w+)\)"/g)];
    expect(edges).toHaveLength(picture.edges.length);
    for (const [, kind, arrow] of edges) expect(arrow).toBe(kind);
    // Kinds tell apart by their dash pattern as well as by their colour.
    expect(svg).toMatch(/data-kind="TARGETS"><title>[^<]*<\/title><path [^>]*stroke-dasharray="8 4"/);
    expect(svg).toMatch(/data-kind="DEPENDS_ON"><title>[^<]*<\/title><path (?![^>]*stroke-dasharray)[^>]*\/>/);
  });

  it('gives distinct shapes to types and emphasises the roots', async () => {
    const svg = await svgOf(smallPicture());
    const node = (id: string): string => svg.slice(svg.indexOf(`data-id="${id}"`), svg.indexOf('</g>', svg.indexOf(`data-id="${id}"`)));
    expect(node('lb')).toContain('<polygon'); // hexagon
    expect(node('db')).toMatch(/<path d="M[^"]* A/); // cylinder
    expect(node('web')).toMatch(/<rect [^>]*rx="10"/); // rounded rectangle
    expect(node('sys')).toContain('stroke-width="3"'); // the root
    expect(node('sys')).toContain('System · root');
    expect(node('web')).not.toContain('stroke-width="3"');
  });

  it('draws an empty graph as a valid picture saying so', async () => {
    const svg = await svgOf({ title: 'Nothing here', nodes: [], edges: [] });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('<desc id="graph-desc">0 items, 0 relations</desc>');
  });
});
