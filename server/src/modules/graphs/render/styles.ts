import { RELATION_KIND_DEFS, type RelationKind } from '../../relations/relation.model.js';

/** The type of the boxes of a simplified graph, each standing for several items. */
export const GROUP_TYPE = 'Group';

export type Shape =
  | 'rounded'
  | 'cylinder'
  | 'striped'
  | 'hexagon'
  | 'folded'
  | 'double'
  | 'pill'
  | 'banded'
  | 'trapezoid'
  | 'parallelogram'
  | 'dashed'
  | 'stacked'
  | 'box';

export interface TypeStyle {
  shape: Shape;
  fill: string;
  stroke: string;
}

/** A shape and colours per type: simple, distinct, and told apart without colour too. */
const TYPE_STYLES: Readonly<Record<string, TypeStyle>> = {
  Application: { shape: 'rounded', fill: '#e8f1fd', stroke: '#1f5fbf' },
  Database: { shape: 'cylinder', fill: '#fdf3e1', stroke: '#a3620a' },
  Server: { shape: 'striped', fill: '#eef0f3', stroke: '#3d4752' },
  LoadBalancer: { shape: 'hexagon', fill: '#f3ebfd', stroke: '#6b3fb8' },
  Resource: { shape: 'folded', fill: '#e9f7ee', stroke: '#23784a' },
  System: { shape: 'double', fill: '#fff7d6', stroke: '#8a6d00' },
  Client: { shape: 'pill', fill: '#fde9ef', stroke: '#b0325a' },
  Datacenter: { shape: 'banded', fill: '#e6f4f6', stroke: '#1c6b78' },
  Volume: { shape: 'trapezoid', fill: '#f1ece4', stroke: '#6d5638' },
  Network: { shape: 'parallelogram', fill: '#e7f0ff', stroke: '#2b4f8f' },
  Service: { shape: 'dashed', fill: '#f5f5f5', stroke: '#555f6b' },
  [GROUP_TYPE]: { shape: 'stacked', fill: '#f6f8fa', stroke: '#444c56' },
};

const OTHER_STYLE: TypeStyle = { shape: 'box', fill: '#ffffff', stroke: '#57606a' };

export function typeStyle(type: string): TypeStyle {
  return TYPE_STYLES[type] ?? OTHER_STYLE;
}

export interface EdgeStyle {
  colour: string;
  /** SVG stroke-dasharray, null for a solid line. */
  dash: string | null;
  width: number;
  /** Words for the legend. */
  label: string;
}

/** A colour and a dash pattern per relation kind (the pattern tells them apart in grey too). */
const EDGE_STYLES: Readonly<Record<RelationKind, Omit<EdgeStyle, 'label'>>> = {
  RUNS_ON: { colour: '#1f5fbf', dash: null, width: 1.6 },
  DEPENDS_ON: { colour: '#c0392b', dash: null, width: 2.2 },
  TARGETS: { colour: '#6b3fb8', dash: '8 4', width: 1.6 },
  PART_OF: { colour: '#8a6d00', dash: '2 4', width: 1.6 },
  SERVES: { colour: '#b0325a', dash: '10 3 2 3', width: 1.6 },
  ENTRY_POINT: { colour: '#23784a', dash: '12 4', width: 2 },
  LOCATED_IN: { colour: '#1c6b78', dash: '4 4', width: 1.4 },
  ATTACHED_TO: { colour: '#6d5638', dash: '6 2 1 2', width: 1.6 },
  USES: { colour: '#2b4f8f', dash: '1 3', width: 1.8 },
};

export function edgeStyle(kind: RelationKind): EdgeStyle {
  const style = EDGE_STYLES[kind] ?? { colour: '#57606a', dash: null, width: 1.4 };
  const description = RELATION_KIND_DEFS[kind]?.description ?? '';
  return { ...style, label: description ? `${kind} (${description})` : kind };
}
