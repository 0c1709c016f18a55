import type { ObjectId } from 'mongodb';
import type { AccessControlled } from '../access/access.model.js';
import type { RelationKind } from '../relations/relation.model.js';
import type { GraphEdge, GraphNode } from './render/index.js';

/** The global id type of a dependency graph, and its entity type in history and grants. */
export const GRAPH_TYPE = 'Graph';
export const GRAPH_BUILD_TYPE = 'GraphBuild';
export const GRAPH_SHARE_TYPE = 'GraphShareLink';

/** Where a graph starts: a system's entry applications, a client's systems, or chosen applications. */
export const GRAPH_SOURCES = ['SYSTEM', 'CLIENT', 'APPLICATIONS'] as const;
export type GraphSource = (typeof GRAPH_SOURCES)[number];

export const GRAPH_BUILD_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type GraphBuildStatus = (typeof GRAPH_BUILD_STATUSES)[number];

/**
 * A dependency graph: where it starts, how deep it goes, which relation
 * kinds it follows and which item types it shows. Access-controlled and
 * versioned like any item; each build is for one person, with their access.
 */
export interface GraphDoc extends AccessControlled {
  _id: ObjectId;
  name: string;
  nameLower: string;
  description: string | null;
  source: GraphSource;
  /** Hex ids: the system, the client, or the applications. */
  sourceIds: string[];
  depth: number;
  kinds: RelationKind[];
  /** Types shown (and walked through); empty: every type. */
  types: string[];
  /** Rebuilt for its creator every so many minutes; null: on demand only. */
  scheduleMinutes: number | null;
  active: boolean;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  pending?: Record<string, unknown>;
}

export interface GraphMetrics {
  nodes: number;
  edges: number;
  /** edges / (n (n − 1)): how much of what could be linked is. */
  density: number;
  byDepth: Array<{ depth: number; count: number }>;
  byType: Array<{ label: string; count: number }>;
  byFamily: Array<{ label: string; count: number }>;
  bySystem: Array<{ label: string; count: number }>;
  byClient: Array<{ label: string; count: number }>;
  /** Cycles found, each as the names of its items (at most 20); objects, as a document holds no list of lists. */
  cycles: Array<{ items: string[] }>;
  /** Items most depended on within the graph (at most 10). */
  mostDependedOn: Array<{ id: string; name: string; type: string; dependents: number }>;
}

/** One build of a graph for one person: the walk, its metrics and its layout; the picture is in `graph_pictures`. */
export interface GraphBuildDoc {
  _id: ObjectId;
  graphId: string;
  graphRevision: number;
  name: string;
  runAs: { userId: string; workspaceTeamId: string | null };
  readers: string[];
  trigger: 'MANUAL' | 'SCHEDULE';
  status: GraphBuildStatus;
  /** The depth the walk reached, and the items found so far. */
  progress: { depth: number; maxDepth: number; nodes: number };
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Hex ids of the items in it: what makes it stale when they change. */
  itemIds: string[];
  metrics: GraphMetrics | null;
  /** Positions of the laid-out picture (nodes by id), for the interactive view. */
  positions: Array<{ id: string; x: number; y: number; width: number; height: number }>;
  size: { width: number; height: number } | null;
  notice: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** Milliseconds of each step: walk, metrics, layout, picture. */
  timings: Record<string, number>;
  error: string | null;
  attempts: number;
}

/** A build's SVG, apart: it can be large, and lists need none of it. */
export interface GraphPictureDoc {
  _id: ObjectId;
  svg: string;
  /** The PNG drawn from it, once asked for: drawn once, however often it is fetched. */
  png?: Buffer | null;
}

/** A public link to a graph's picture and metrics, until it expires or is revoked. */
export interface GraphShareDoc {
  _id: ObjectId;
  graphId: string;
  /** Whose builds it shows: the admin who made it. */
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  uses: number;
  lastUsedAt: Date | null;
}
