import type { GraphLayout, GraphPicture } from './types.js';

/** A DOT string: quotes and backslashes escaped, line breaks as `\n`. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
}

const DOT_SHAPES: Readonly<Record<string, string>> = {
  Application: 'box',
  Database: 'cylinder',
  Server: 'box3d',
  LoadBalancer: 'hexagon',
  Resource: 'note',
  System: 'doubleoctagon',
  Client: 'ellipse',
  Datacenter: 'house',
  Volume: 'trapezium',
  Network: 'parallelogram',
  Service: 'component',
};

const DOT_EDGE_STYLES: Readonly<Record<string, string>> = {
  RUNS_ON: 'solid',
  DEPENDS_ON: 'bold',
  TARGETS: 'dashed',
  PART_OF: 'dotted',
  SERVES: 'dashed',
  ENTRY_POINT: 'bold',
  LOCATED_IN: 'dotted',
  ATTACHED_TO: 'dashed',
  USES: 'dotted',
};

/**
 * The graph in Graphviz's DOT language: a digraph, ids quoted, each node
 * labelled by its name with its type as an attribute (and a shape for it),
 * roots drawn thicker, each edge labelled by its kind.
 */
export function graphDot(picture: GraphPicture): string {
  const lines = [
    `digraph ${dotString(picture.title)} {`,
    `  graph [label=${dotString(picture.title)}, labelloc="t", rankdir="TB", fontname="Roboto"];`,
    '  node [style="filled", fillcolor="white", fontname="Roboto"];',
    '  edge [fontname="Roboto", fontsize="10"];',
  ];
  for (const node of picture.nodes) {
    const attributes = [
      `label=${dotString(node.name)}`,
      `type=${dotString(node.type)}`,
      `shape=${dotString(DOT_SHAPES[node.type] ?? 'box')}`,
      `depth="${node.depth}"`,
      ...(node.system ? [`system=${dotString(node.system)}`] : []),
      ...(node.root ? ['root="true"', 'penwidth="3"'] : []),
    ];
    lines.push(`  ${dotString(node.id)} [${attributes.join(', ')}];`);
  }
  for (const edge of picture.edges) {
    lines.push(
      `  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.kind)}, kind=${dotString(edge.kind)}, style=${dotString(DOT_EDGE_STYLES[edge.kind] ?? 'solid')}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * The graph as JSON: `{ title, nodes, edges }`; with a layout, each node laid
 * out as itself gets its box (x, y, width, height) and each edge its points,
 * and `layout` gives the size, the notice and, when the graph was grouped,
 * the boxes of the groups (with their members) and the merged edges.
 */
export function graphJson(picture: GraphPicture, layout?: GraphLayout): string {
  if (!layout) return JSON.stringify({ title: picture.title, nodes: picture.nodes, edges: picture.edges });
  const boxes = new Map(layout.nodes.filter((node) => !node.members).map((node) => [node.id, node]));
  const routes = new Map(layout.edges.filter((edge) => edge.count === undefined).map((edge) => [`${edge.kind}|${edge.from}|${edge.to}`, edge.points]));
  const groupOf = new Map<string, string>();
  for (const node of layout.nodes) for (const member of node.members ?? []) groupOf.set(member, node.id);
  const groups = layout.nodes.filter((node) => node.members);
  return JSON.stringify({
    title: picture.title,
    nodes: picture.nodes.map((node) => {
      const box = boxes.get(node.id);
      const group = groupOf.get(node.id);
      return {
        ...node,
        ...(box ? { x: box.x, y: box.y, width: box.width, height: box.height } : {}),
        ...(group ? { group } : {}),
      };
    }),
    edges: picture.edges.map((edge) => {
      const points = routes.get(`${edge.kind}|${edge.from}|${edge.to}`);
      return points ? { ...edge, points } : edge;
    }),
    layout: {
      width: layout.width,
      height: layout.height,
      notice: layout.notice,
      ...(groups.length > 0
        ? {
            groups: groups.map(({ id, name, depth, root, system, members, x, y, width, height }) => ({
              id, name, depth, root, system: system ?? null, items: members?.length ?? 0, x, y, width, height,
            })),
            groupEdges: layout.edges.filter((edge) => edge.count !== undefined),
          }
        : {}),
    },
  });
}
