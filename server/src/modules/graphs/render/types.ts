import type { RelationKind } from '../../relations/relation.model.js';

/** An item of a dependency graph, as the walk found it. */
export interface GraphNode {
  /** Its global id. */
  id: string;
  /** Server, Application, Database, LoadBalancer, Resource, System, Client, Datacenter, Volume, Network, Service… */
  type: string;
  name: string;
  /** Steps from the nearest root: 0 for the roots. */
  depth: number;
  root: boolean;
  family?: string | null;
  system?: string | null;
}

/** A relation between two items of the graph, in its stored direction. */
export interface GraphEdge {
  from: string;
  to: string;
  kind: RelationKind;
}

/** What a walk gives the worker to draw. */
export interface GraphPicture {
  title: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface LaidOutNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
  /** On a box standing for a group of items (a simplified graph): the ids of its items. */
  members?: string[];
}

export interface LaidOutEdge extends GraphEdge {
  /** From the `from` end to the `to` end, arrow at the last point. */
  points: Array<{ x: number; y: number }>;
  /** On an edge between groups: how many relations of its kind it stands for. */
  count?: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** null, or what was grouped and why, in words, shown on the picture and in the API. */
  notice: string | null;
}
