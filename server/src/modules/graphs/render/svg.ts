import { RELATION_KINDS, type RelationKind } from '../../relations/relation.model.js';
import { edgeStyle, GROUP_TYPE, typeStyle, type TypeStyle } from './styles.js';
import type { GraphLayout, LaidOutEdge, LaidOutNode } from './types.js';

/** Names longer than this are cut with an ellipsis; the full name is in the node's <title>. */
export const MAX_NAME_CHARS = 28;

const FONT = 'Roboto, sans-serif';
const MIN_WIDTH = 480;
const SIDE = 16;
const TYPE_COLUMN = 170;
const KIND_COLUMN = 330;
const LEGEND_ROW = 26;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** At most MAX_NAME_CHARS characters (code points, so no emoji is cut in half). */
export function shortName(name: string): string {
  const chars = Array.from(name);
  return chars.length > MAX_NAME_CHARS ? `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…` : name;
}

const num = (n: number): string => String(Math.round(n * 10) / 10);
const count = (n: number): string => n.toLocaleString('en-US');

/** "N items, M relations", counting the items and relations grouped boxes and edges stand for. */
export function countsText(layout: GraphLayout): string {
  const items = layout.nodes.reduce((sum, node) => sum + (node.members?.length ?? 1), 0);
  const relations = layout.edges.reduce((sum, edge) => sum + (edge.count ?? 1), 0);
  return `${count(items)} ${items === 1 ? 'item' : 'items'}, ${count(relations)} ${relations === 1 ? 'relation' : 'relations'}`;
}

/**
 * The picture of a laid-out graph, as a standalone SVG document written here
 * (no DOM, no browser): a title band, the graph, then a legend of the types
 * and relation kinds present.
 */
export function graphSvg(layout: GraphLayout, title: string): string {
  const counts = countsText(layout);
  const header = layout.notice ? 84 : 64;
  const types = [...new Set(layout.nodes.map((node) => node.type))].sort(byName);
  const kindsPresent = new Set(layout.edges.map((edge) => edge.kind));
  const kinds = RELATION_KINDS.filter((kind) => kindsPresent.has(kind));
  const hasRoots = layout.nodes.some((node) => node.root);

  const width = Math.ceil(Math.max(MIN_WIDTH, layout.width));
  const typeEntries = types.length + (hasRoots ? 1 : 0);
  const typesPerRow = Math.max(1, Math.floor((width - 2 * SIDE) / TYPE_COLUMN));
  const kindsPerRow = Math.max(1, Math.floor((width - 2 * SIDE) / KIND_COLUMN));
  const typeRows = Math.ceil(typeEntries / typesPerRow);
  const kindRows = Math.ceil(kinds.length / kindsPerRow);
  const legendTop = header + layout.height + 12;
  const legendHeight = typeEntries + kinds.length === 0 ? 0 : 28 + (typeRows + kindRows) * LEGEND_ROW + 12;
  const height = Math.ceil(legendTop + legendHeight);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="graph-title graph-desc" font-family="${FONT}">`,
  );
  out.push(`<title id="graph-title">${escapeXml(title)}</title>`);
  out.push(`<desc id="graph-desc">${escapeXml(layout.notice ? `${counts}. ${layout.notice}` : counts)}</desc>`);
  out.push('<defs>');
  for (const kind of kinds) {
    const style = edgeStyle(kind);
    out.push(
      `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
        `<path d="M0,0 L10,5 L0,10 z" fill="${style.colour}"/></marker>`,
    );
  }
  out.push('</defs>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);

  // Title band.
  out.push(`<text x="${SIDE}" y="30" font-size="18" font-weight="500" fill="#1f2328">${escapeXml(title)}</text>`);
  out.push(`<text x="${SIDE}" y="50" font-size="12" fill="#57606a">${escapeXml(counts)}</text>`);
  if (layout.notice) {
    out.push(`<text class="notice" x="${SIDE}" y="70" font-size="12" font-weight="500" fill="#9a6700">${escapeXml(layout.notice)}</text>`);
  }

  // The graph: edges under nodes.
  const names = new Map(layout.nodes.map((node) => [node.id, node.name]));
  out.push(`<g class="graph" transform="translate(0 ${header})">`);
  out.push('<g class="edges">');
  for (const edge of layout.edges) out.push(edgeSvg(edge, names));
  out.push('</g>');
  out.push('<g class="nodes">');
  for (const node of layout.nodes) out.push(nodeSvg(node));
  out.push('</g>');
  out.push('</g>');

  // Legend.
  if (legendHeight > 0) {
    out.push(`<g class="legend" transform="translate(${SIDE} ${legendTop})">`);
    out.push(`<line x1="0" y1="0" x2="${width - 2 * SIDE}" y2="0" stroke="#d0d7de"/>`);
    out.push(`<text x="0" y="20" font-size="12" font-weight="500" fill="#1f2328">Legend</text>`);
    let entry = 0;
    const typeAt = (i: number): [number, number] => [(i % typesPerRow) * TYPE_COLUMN, 28 + Math.floor(i / typesPerRow) * LEGEND_ROW];
    for (const type of types) {
      const [x, y] = typeAt(entry++);
      out.push(
        `<g class="legend-type" data-type="${escapeXml(type)}">${shapeSvg(typeStyle(type), x, y, 36, 20, false)}` +
          `<text x="${x + 44}" y="${y + 14}" font-size="11" fill="#1f2328">${escapeXml(type === GROUP_TYPE ? 'Group of items' : type)}</text></g>`,
      );
    }
    if (hasRoots) {
      const [x, y] = typeAt(entry++);
      out.push(
        `<g class="legend-root"><rect x="${x}" y="${y}" width="36" height="20" rx="4" fill="#ffffff" stroke="#1f2328" stroke-width="3"/>` +
          `<text x="${x + 44}" y="${y + 14}" font-size="11" fill="#1f2328">Root (where the walk starts)</text></g>`,
      );
    }
    const kindsTop = 28 + typeRows * LEGEND_ROW;
    kinds.forEach((kind, i) => {
      const style = edgeStyle(kind);
      const x = (i % kindsPerRow) * KIND_COLUMN;
      const y = kindsTop + Math.floor(i / kindsPerRow) * LEGEND_ROW + 10;
      out.push(
        `<g class="legend-kind" data-kind="${kind}">` +
          `<path d="M${x} ${y} L${x + 36} ${y}" fill="none" stroke="${style.colour}" stroke-width="${style.width}"${dash(style.dash)} marker-end="url(#arrow-${kind})"/>` +
          `<text x="${x + 44}" y="${y + 4}" font-size="11" fill="#1f2328">${escapeXml(style.label)}</text></g>`,
      );
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dash(pattern: string | null): string {
  return pattern ? ` stroke-dasharray="${pattern}"` : '';
}

function edgeSvg(edge: LaidOutEdge, names: Map<string, string>): string {
  if (edge.points.length < 2) return '';
  const style = edgeStyle(edge.kind as RelationKind);
  const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`).join(' ');
  const many = edge.count !== undefined && edge.count > 1;
  const what = `${names.get(edge.from) ?? edge.from} ${edge.kind} ${names.get(edge.to) ?? edge.to}${many ? ` (${count(edge.count ?? 1)} relations)` : ''}`;
  let label = '';
  if (many) {
    // On the middle of the route: the number of relations the edge stands for.
    const mid = Math.floor((edge.points.length - 1) / 2);
    const a = edge.points[mid] as { x: number; y: number };
    const b = edge.points[mid + 1] as { x: number; y: number };
    label =
      `<text x="${num((a.x + b.x) / 2 + 4)}" y="${num((a.y + b.y) / 2 - 4)}" font-size="11" fill="${style.colour}" ` +
      `stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(`${edge.kind} × ${count(edge.count ?? 1)}`)}</text>`;
  }
  return (
    `<g class="edge" data-kind="${edge.kind}"><title>${escapeXml(what)}</title>` +
    `<path d="${d}" fill="none" stroke="${style.colour}" stroke-width="${style.width}"${dash(style.dash)} marker-end="url(#arrow-${edge.kind})"/>${label}</g>`
  );
}

function nodeSvg(node: LaidOutNode): string {
  const style = typeStyle(node.type);
  const cx = node.x + node.width / 2;
  const typeLabel = node.type === GROUP_TYPE ? 'Group' : node.type;
  const hover = node.members ? node.name : `${node.name} (${node.type})`;
  return (
    `<g class="node${node.root ? ' root' : ''}" data-id="${escapeXml(node.id)}" data-type="${escapeXml(node.type)}">` +
    `<title>${escapeXml(hover)}</title>` +
    shapeSvg(style, node.x, node.y, node.width, node.height, node.root) +
    `<text x="${num(cx)}" y="${num(node.y + (style.shape === 'cylinder' ? 22 : 18))}" text-anchor="middle" font-size="10" fill="${style.stroke}">` +
    `${escapeXml(node.root ? `${typeLabel} · root` : typeLabel)}</text>` +
    `<text x="${num(cx)}" y="${num(node.y + node.height - 15)}" text-anchor="middle" font-size="12"` +
    `${node.root ? ' font-weight="500"' : ''} fill="#1f2328">${escapeXml(shortName(node.name))}</text></g>`
  );
}

/** The outline of a type's shape in the box (x, y, w, h); roots get a thick dark outline. */
export function shapeSvg(style: TypeStyle, x: number, y: number, w: number, h: number, emphasise: boolean): string {
  const stroke = emphasise ? '#1f2328' : style.stroke;
  const paint = `fill="${style.fill}" stroke="${stroke}" stroke-width="${emphasise ? 3 : 1.4}"`;
  const line = `fill="none" stroke="${stroke}" stroke-width="${emphasise ? 2 : 1.2}"`;
  const p = (...pts: Array<[number, number]>): string => pts.map(([px, py]) => `${num(px)},${num(py)}`).join(' ');
  const [X, Y, W, H, R] = [num(x), num(y), num(w), num(h), num(x + w)];
  const inset = Math.min(14, w / 5);
  switch (style.shape) {
    case 'rounded':
      return `<rect x="${X}" y="${Y}" width="${W}" height="${H}" rx="${num(Math.min(10, h / 3))}" ${paint}/>`;
    case 'pill':
      return `<rect x="${X}" y="${Y}" width="${W}" height="${H}" rx="${num(h / 2)}" ${paint}/>`;
    case 'dashed':
      return `<rect x="${X}" y="${Y}" width="${W}" height="${H}" rx="6" ${paint} stroke-dasharray="5 3"/>`;
    case 'cylinder': {
      const ry = Math.min(7, h / 6);
      return (
        `<path d="M${X} ${num(y + ry)} A${num(w / 2)} ${num(ry)} 0 0 1 ${R} ${num(y + ry)} L${R} ${num(y + h - ry)} ` +
        `A${num(w / 2)} ${num(ry)} 0 0 1 ${X} ${num(y + h - ry)} Z" ${paint}/>` +
        `<path d="M${X} ${num(y + ry)} A${num(w / 2)} ${num(ry)} 0 0 0 ${R} ${num(y + ry)}" ${line}/>`
      );
    }
    case 'striped':
      return (
        `<rect x="${X}" y="${Y}" width="${W}" height="${H}" rx="2" ${paint}/>` +
        `<rect x="${X}" y="${Y}" width="${num(Math.min(8, w / 5))}" height="${H}" fill="${stroke}"/>`
      );
    case 'hexagon':
      return `<polygon points="${p([x + inset, y], [x + w - inset, y], [x + w, y + h / 2], [x + w - inset, y + h], [x + inset, y + h], [x, y + h / 2])}" ${paint}/>`;
    case 'folded': {
      const f = Math.min(12, h / 3);
      return (
        `<polygon points="${p([x, y], [x + w - f, y], [x + w, y + f], [x + w, y + h], [x, y + h])}" ${paint}/>` +
        `<polyline points="${p([x + w - f, y], [x + w - f, y + f], [x + w, y + f])}" ${line}/>`
      );
    }
    case 'double':
      return (
        `<rect x="${X}" y="${Y}" width="${W}" height="${H}" ${paint}/>` +
        `<rect x="${num(x + 3)}" y="${num(y + 3)}" width="${num(w - 6)}" height="${num(h - 6)}" ${line}/>`
      );
    case 'banded':
      return (
        `<rect x="${X}" y="${Y}" width="${W}" height="${H}" ${paint}/>` +
        `<rect x="${X}" y="${Y}" width="${W}" height="${num(Math.min(7, h / 5))}" fill="${stroke}"/>`
      );
    case 'trapezoid':
      return `<polygon points="${p([x + inset * 0.7, y], [x + w - inset * 0.7, y], [x + w, y + h], [x, y + h])}" ${paint}/>`;
    case 'parallelogram':
      return `<polygon points="${p([x + inset, y], [x + w, y], [x + w - inset, y + h], [x, y + h])}" ${paint}/>`;
    case 'stacked':
      return (
        `<rect x="${num(x + 6)}" y="${num(y - 6)}" width="${W}" height="${H}" rx="3" fill="#ffffff" stroke="${style.stroke}" stroke-width="1"/>` +
        `<rect x="${num(x + 3)}" y="${num(y - 3)}" width="${W}" height="${H}" rx="3" fill="#ffffff" stroke="${style.stroke}" stroke-width="1"/>` +
        `<rect x="${X}" y="${Y}" width="${W}" height="${H}" rx="3" ${paint}/>`
      );
    case 'box':
    default:
      return `<rect x="${X}" y="${Y}" width="${W}" height="${H}" ${paint}/>`;
  }
}
