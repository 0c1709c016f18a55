import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import type { RelationKind } from '../relations/relation.model.js';
import { RelationKindEnum } from '../relations/relation.type.js';
import { GRAPH_BUILD_STATUSES, GRAPH_BUILD_TYPE, GRAPH_SHARE_TYPE, GRAPH_SOURCES, GRAPH_TYPE, type GraphBuildDoc, type GraphBuildStatus, type GraphDoc, type GraphShareDoc, type GraphSource } from './graph.model.js';
import { GRAPH_EXPORT_FORMATS, type GraphExportFormat } from './graph.service.js';

export const GraphSourceEnum = graphqlEnum(GRAPH_SOURCES, { name: 'GraphSource', description: 'Where a graph starts: a SYSTEM’s entry applications (or, without any, its applications of the first family present: frontend, web, mobile, API…), a CLIENT’s systems, or chosen APPLICATIONS.' });
export const GraphBuildStatusEnum = graphqlEnum(GRAPH_BUILD_STATUSES, { name: 'GraphBuildStatus', description: 'Where a build is: QUEUED, RUNNING (see progress), SUCCEEDED or FAILED (see error).' });
export const GraphExportFormatEnum = graphqlEnum(GRAPH_EXPORT_FORMATS, { name: 'GraphExportFormat', description: 'SVG and PNG pictures, DOT (Graphviz) and JSON data.' });

@InputType({ description: 'A dependency graph; on an update, only the fields given change.' })
export class GraphInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => GraphSourceEnum, { nullable: true })
  source?: GraphSource | null;

  @Field(() => [ID], { nullable: true, description: 'The system, the client, or the applications to start from (ones you can read).' })
  sourceIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'How many hops from the roots, 1 to 10 (default 5).' })
  depth?: number | null;

  @Field(() => [RelationKindEnum], { nullable: true, description: 'Relation kinds to follow (default DEPENDS_ON, RUNS_ON, TARGETS, ATTACHED_TO, USES).' })
  kinds?: RelationKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Item types shown and walked through (e.g. Application, Database); empty: every type.' })
  types?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Rebuilt for its creator every so many minutes (15 or more); null: on demand only.' })
  scheduleMinutes?: number | null;
}

@ObjectType({ implements: Node, description: 'A dependency graph: from a system, a client or applications, what they depend on; each build is for the person who asks, with their access at every hop.' })
export class Graph extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphSourceEnum)
  source!: GraphSource;

  @Field(() => Int)
  depth!: number;

  @Field(() => [RelationKindEnum])
  kinds!: RelationKind[];

  @Field(() => [String])
  types!: string[];

  @Field(() => Int, { nullable: true })
  scheduleMinutes!: number | null;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Int)
  revision!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  doc!: GraphDoc;
}

@ObjectType({ description: 'A count of a graph’s items by one label.' })
export class GraphCount {
  @Field(() => String)
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How many items sit at one depth from the roots.' })
export class GraphDepthCount {
  @Field(() => Int)
  depth!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'An item many others in the graph depend on.' })
export class GraphHub {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  type!: string;

  @Field(() => Int, { description: 'Items of the graph that depend on it directly.' })
  dependents!: number;
}

@ObjectType({ description: 'Metrics of a build.' })
export class GraphMetricsView {
  @Field(() => Int)
  nodes!: number;

  @Field(() => Int)
  edges!: number;

  @Field(() => Float, { description: 'edges / (n (n − 1)).' })
  density!: number;

  @Field(() => [GraphDepthCount], { description: 'Histogram of items by depth (0: the roots).' })
  byDepth!: GraphDepthCount[];

  @Field(() => [GraphCount])
  byType!: GraphCount[];

  @Field(() => [GraphCount], { description: 'Applications by family.' })
  byFamily!: GraphCount[];

  @Field(() => [GraphCount], { description: 'Items by the system they are part of.' })
  bySystem!: GraphCount[];

  @Field(() => [GraphCount], { description: 'Items by the client their system serves.' })
  byClient!: GraphCount[];

  @Field(() => [[String]], { description: 'Cycles found: the names of the items of each (at most 20).' })
  cycles!: string[][];

  @Field(() => [GraphHub], { description: 'The items most depended on (at most 10).' })
  mostDependedOn!: GraphHub[];
}

@ObjectType({ description: 'An item of a build, with where the layout put it.' })
export class GraphNodeView {
  @Field(() => ID, { description: 'The item’s global id.' })
  id!: string;

  @Field(() => String)
  type!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int)
  depth!: number;

  @Field(() => Boolean)
  root!: boolean;

  @Field(() => String, { nullable: true })
  family!: string | null;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field(() => Float, { nullable: true })
  x!: number | null;

  @Field(() => Float, { nullable: true })
  y!: number | null;

  @Field(() => Float, { nullable: true })
  width!: number | null;

  @Field(() => Float, { nullable: true })
  height!: number | null;
}

@ObjectType({ description: 'A relation of a build, from the item that depends to what it depends on.' })
export class GraphEdgeView {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => RelationKindEnum)
  kind!: RelationKind;
}

@ObjectType({ description: 'How far a build is: the depth its walk reached, and the items found.' })
export class GraphBuildProgress {
  @Field(() => Int)
  depth!: number;

  @Field(() => Int)
  maxDepth!: number;

  @Field(() => Int)
  nodes!: number;
}

@ObjectType({ implements: Node, description: 'One build of a graph, for the person who asked (or its creator, on its schedule), computed with their access: nobody else sees it.' })
export class GraphBuild extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => GraphBuildStatusEnum)
  status!: GraphBuildStatus;

  @Field(() => String, { description: 'MANUAL or SCHEDULE.' })
  trigger!: string;

  @Field(() => GraphBuildProgress)
  progress!: GraphBuildProgress;

  @Field(() => GraphMetricsView, { nullable: true })
  metrics!: GraphMetricsView | null;

  @Field(() => String, { nullable: true, description: 'What the picture grouped or cut, and why, in words.' })
  notice!: string | null;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => GraphQLJSON, { description: 'Milliseconds of each step: roots, walk, membership, metrics, layout, svg.' })
  timings!: Record<string, number>;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { description: 'The graph’s revision it built.' })
  graphRevision!: number;

  doc!: GraphBuildDoc;
}

@ObjectType({ implements: Node, description: 'A public link to a graph’s picture and metrics: anyone with it sees that, and nothing else, until it expires or is revoked.' })
export class GraphShareLink extends Node {
  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Boolean, { description: 'Neither revoked nor expired.' })
  live!: boolean;

  @Field(() => Int, { description: 'How many times it was opened (page, picture or embed).' })
  uses!: number;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The page anyone can open (shown to the graph’s admins only).' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'For an <iframe> in a wiki.' })
  embedUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'The picture alone, for an <img> (picture.svg; picture.png for PNG).' })
  imageUrl!: string | null;
}

export function toGraph(doc: GraphDoc): Graph {
  return Object.assign(new Graph(), {
    id: toGlobalId(GRAPH_TYPE, doc._id),
    name: doc.name,
    description: doc.description,
    source: doc.source,
    depth: doc.depth,
    kinds: doc.kinds,
    types: doc.types,
    scheduleMinutes: doc.scheduleMinutes,
    active: doc.active,
    revision: doc.revision,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    doc,
  });
}

export function toGraphBuild(doc: GraphBuildDoc): GraphBuild {
  return Object.assign(new GraphBuild(), {
    id: toGlobalId(GRAPH_BUILD_TYPE, doc._id),
    name: doc.name,
    status: doc.status,
    trigger: doc.trigger,
    progress: doc.progress,
    metrics: doc.metrics ? { ...doc.metrics, cycles: doc.metrics.cycles.map((c) => c.items) } : null,
    notice: doc.notice,
    width: doc.size ? Math.round(doc.size.width) : null,
    height: doc.size ? Math.round(doc.size.height) : null,
    timings: doc.timings ?? {},
    createdAt: doc.createdAt,
    startedAt: doc.startedAt,
    finishedAt: doc.finishedAt,
    durationMs: doc.durationMs,
    error: doc.error,
    attempts: doc.attempts,
    graphRevision: doc.graphRevision,
    doc,
  });
}

export function toGraphShare(doc: GraphShareDoc, base: string | null, token: string | null): GraphShareLink {
  const url = token && base ? `${base}/share/graphs/${token}` : null;
  return Object.assign(new GraphShareLink(), {
    id: toGlobalId(GRAPH_SHARE_TYPE, doc._id),
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    revokedAt: doc.revokedAt,
    live: doc.revokedAt === null && doc.expiresAt.getTime() > Date.now(),
    uses: doc.uses,
    lastUsedAt: doc.lastUsedAt,
    url,
    embedUrl: url ? `${url}/embed` : null,
    imageUrl: url ? `${url}/picture.svg` : null,
  });
}

export type { GraphExportFormat };
