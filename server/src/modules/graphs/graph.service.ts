import { ObjectId } from 'mongodb';
import type { Queue } from 'bullmq';
import { SignJWT, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import { ConflictError, ForbiddenError, InputError } from '../../graphql/errors.js';
import type { EventBus } from '../../events/pubsub.js';
import { ensureScheduler, nextTick, pruneSchedulers } from '../../jobs/job-schedulers.js';
import type { Limiter } from '../../infra/rate-limit.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { Validator } from '../../shared/validate.js';
import { changedFields, fieldDiff, VersionedEntities } from '../access/versioned-entities.js';
import { initialAccess, principalKey } from '../access/access.model.js';
import { Scope } from '../access/scope.js';
import { userActor } from '../history/actor.js';
import type { HistoryService } from '../history/history.service.js';
import type { IdentityRepository } from '../identity/identity.repository.js';
import { DEFINITIONS } from '../inventory/definitions.js';
import type { TeamRepository } from '../teams/team.repository.js';
import type { RelationKind } from '../relations/relation.model.js';
import type { RelationRepository } from '../relations/relation.repository.js';
import { GRAPH_BUILD_TYPE, GRAPH_SOURCES, GRAPH_TYPE, type GraphBuildDoc, type GraphDoc, type GraphShareDoc, type GraphSource } from './graph.model.js';
import type { GraphRepository } from './graph.repository.js';
import { DEFAULT_GRAPH_KINDS, GRAPH_KINDS, graphMetrics, graphRoots, membership, walkGraph } from './graph-walk.js';
import { graphDot, graphJson, graphPng, graphSvg, layoutGraph, type GraphPicture } from './render/index.js';

const STORE = 'graphs';
export const MAX_GRAPHS = 1000;
export const MAX_GRAPHS_PER_OWNER = 500;
export const MAX_GRAPH_DEPTH = 10;
/** Builds one person may have queued or running at once. */
export const MAX_UNFINISHED_BUILDS = 5;
/** A share link lasts at most a year. */
const MAX_SHARE_DAYS = 366;
const SHARE_AUDIENCE = 'maestro-graph-share';
const SCHEDULER_PREFIX = 'graph-schedule/';
const SOURCE_TYPES: Record<GraphSource, string> = { SYSTEM: 'System', CLIENT: 'Client', APPLICATIONS: 'Application' };
const INVENTORY_TYPES = DEFINITIONS.map((d) => d.type);

export const GRAPH_EXPORT_FORMATS = ['SVG', 'PNG', 'DOT', 'JSON'] as const;
export type GraphExportFormat = (typeof GRAPH_EXPORT_FORMATS)[number];

export interface GraphInput {
  name?: string | null;
  description?: string | null;
  source?: GraphSource | null;
  /** Global ids: one system, one client, or applications. */
  sourceIds?: string[] | null;
  depth?: number | null;
  kinds?: RelationKind[] | null;
  types?: string[] | null;
  scheduleMinutes?: number | null;
}

export interface GraphBuildEvent {
  buildId: string;
  graphId: string;
  readers: string[];
}

/** What a share link opens: the graph, and the newest good build of the admin who made it. */
export interface SharedGraph {
  share: GraphShareDoc;
  graph: GraphDoc;
  build: GraphBuildDoc;
}

export function graphSchedulerId(graphId: string): string {
  return `${SCHEDULER_PREFIX}${graphId}`;
}

/**
 * Dependency graphs: from a system's entry applications, a client's systems
 * or chosen applications, what they depend on, as deep as asked. A build is
 * a job of the `graphs` queue for one person: the walk with their access at
 * every hop, the metrics, a layered layout and the picture (SVG, PNG, DOT,
 * JSON). Share links show one graph's picture and metrics to anyone who has
 * the link, until it expires or is revoked.
 */
export class GraphService {
  private readonly entities: VersionedEntities<GraphDoc>;
  private readonly shareKey: Uint8Array;

  constructor(
    private readonly repo: GraphRepository,
    /** The walk's rounds are those of `dependencies`. */
    private readonly relations: RelationRepository,
    private readonly history: HistoryService,
    private readonly queue: Queue,
    private readonly events: EventBus,
    private readonly users: IdentityRepository,
    private readonly teams: TeamRepository,
    private readonly logger: Logger,
    private readonly buildLimiter: Limiter,
    shareSecret: string,
    private readonly minuteMs: number,
    private readonly publicUrl: string,
  ) {
    this.entities = new VersionedEntities(repo, history, STORE, GRAPH_TYPE, 'graph');
    this.shareKey = new TextEncoder().encode(shareSecret);
  }

  /** Where Maestro is reached: share links start with it. */
  get base(): string {
    return this.publicUrl.replace(/\/+$/, '');
  }

  get(scope: Scope, id: ObjectId): Promise<GraphDoc | null> {
    return this.repo.findById(scope, id);
  }

  load(scope: Scope, id: ObjectId, role: 'read' | 'write' | 'admin' = 'read'): Promise<GraphDoc> {
    return this.entities.load(scope, id, role);
  }

  list(scope: Scope): Promise<GraphDoc[]> {
    return this.repo.list(scope, MAX_GRAPHS);
  }

  async create(scope: Scope, input: GraphInput): Promise<GraphDoc> {
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) throw new ForbiddenError('You have read-only access to this team workspace.');
    const clean = await this.validate(scope, input, null);
    if ((await this.repo.countOwned(scope.creator)) >= MAX_GRAPHS_PER_OWNER) throw new ConflictError(`At most ${MAX_GRAPHS_PER_OWNER} graphs per owner: delete some first.`);
    const now = new Date();
    const doc: GraphDoc = {
      _id: new ObjectId(),
      ...clean,
      nameLower: clean.name.toLowerCase(),
      active: true,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: scope.userId,
      ...initialAccess(scope.creator, scope.userId, now),
    };
    await this.entities.insert(scope, doc, fieldDiff(EDITABLE, null, doc));
    await this.sync(doc);
    return doc;
  }

  async update(scope: Scope, id: ObjectId, input: GraphInput): Promise<GraphDoc> {
    const current = await this.entities.load(scope, id, 'write');
    const clean = await this.validate(scope, input, current);
    const { doc } = await this.entities.change(scope, id, 'write', (before) => {
      if (!before.active) throw new ConflictError('This graph is deleted.');
      const next: GraphDoc = { ...before, ...clean, nameLower: clean.name.toLowerCase() };
      const diff = fieldDiff(EDITABLE, before, next);
      if (diff.length === 0) return null;
      const set = changedFields(EDITABLE, before, next);
      if (set.name !== undefined) set.nameLower = next.nameLower;
      return { set, change: { operation: 'UPDATE', actor: userActor(scope), diff, readers: before.access.read } };
    });
    await this.sync(doc);
    return doc;
  }

  /** Soft delete (ADMIN): no more builds, and its share links stop working at once. */
  async delete(scope: Scope, id: ObjectId): Promise<GraphDoc> {
    const doc = await this.entities.softDelete(scope, id);
    await this.sync(doc);
    return doc;
  }

  private async validate(scope: Scope, input: GraphInput, current: GraphDoc | null): Promise<Pick<GraphDoc, (typeof EDITABLE)[number]>> {
    const v = new Validator();
    const name = (input.name ?? current?.name ?? '').trim();
    if (input.name !== undefined || !current) {
      if (name === '') v.add('input.name', 'is required');
      else if (name.length > 200) v.add('input.name', 'must be at most 200 characters');
      // eslint-disable-next-line no-control-regex
      else if (/[\u0000-\u001f\u007f]/.test(name)) v.add('input.name', 'must be one line, without control characters');
    }
    const description = input.description === undefined ? (current?.description ?? null) : input.description?.trim() || null;
    if (description && description.length > 2000) v.add('input.description', 'must be at most 2000 characters');
    const source = input.source ?? current?.source ?? null;
    if (!source) v.add('input.source', `is required: one of ${GRAPH_SOURCES.join(', ')}`);
    else if (!GRAPH_SOURCES.includes(source)) v.add('input.source', `must be one of ${GRAPH_SOURCES.join(', ')}`);
    let sourceIds = current?.sourceIds ?? [];
    if (input.sourceIds !== undefined || input.source !== undefined || !current) {
      const given = input.sourceIds ?? [];
      const wanted = source ? SOURCE_TYPES[source] : null;
      const hexes: string[] = [];
      if (given.length === 0) v.add('input.sourceIds', source === 'APPLICATIONS' ? 'must name at least one application' : `must name the ${wanted?.toLowerCase() ?? 'item'} to start from`);
      if (source && source !== 'APPLICATIONS' && given.length > 1) v.add('input.sourceIds', `must name one ${wanted!.toLowerCase()}`);
      if (given.length > 100) v.add('input.sourceIds', 'must name at most 100 items');
      given.forEach((id, i) => {
        try {
          const decoded = fromGlobalId(id, `input.sourceIds.${i}`);
          if (wanted && decoded.type !== wanted) v.add(`input.sourceIds.${i}`, `must be the id of a ${wanted}`);
          else hexes.push(decoded.id.toHexString());
        } catch {
          v.add(`input.sourceIds.${i}`, 'is not a Maestro id');
        }
      });
      if (wanted && hexes.length > 0) {
        const readable = new Set((await this.repo.items(scope, hexes.map((h) => new ObjectId(h)), [wanted])).map((d) => d._id.toHexString()));
        hexes.forEach((h, i) => {
          if (!readable.has(h)) v.add(`input.sourceIds.${i}`, `is no ${wanted} you can read`);
        });
      }
      sourceIds = [...new Set(hexes)];
    }
    const depth = input.depth ?? current?.depth ?? 5;
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_GRAPH_DEPTH) v.add('input.depth', `must be a whole number from 1 to ${MAX_GRAPH_DEPTH}`);
    const kinds = input.kinds ?? current?.kinds ?? [...DEFAULT_GRAPH_KINDS];
    if (kinds.length === 0) v.add('input.kinds', 'must name at least one relation kind to follow');
    kinds.forEach((k, i) => {
      if (!GRAPH_KINDS.includes(k)) v.add(`input.kinds.${i}`, `must be one of ${GRAPH_KINDS.join(', ')}`);
    });
    const types = input.types ?? current?.types ?? [];
    types.forEach((t, i) => {
      if (!INVENTORY_TYPES.includes(t)) v.add(`input.types.${i}`, `must be one of ${INVENTORY_TYPES.join(', ')}`);
    });
    const scheduleMinutes = input.scheduleMinutes === undefined ? (current?.scheduleMinutes ?? null) : input.scheduleMinutes;
    if (scheduleMinutes !== null && (!Number.isInteger(scheduleMinutes) || scheduleMinutes < 15 || scheduleMinutes > 90 * 24 * 60)) {
      v.add('input.scheduleMinutes', 'must be a whole number of minutes from 15 to 129600 (90 days), or null');
    }
    v.done();
    return { name, description, source: source!, sourceIds, depth, kinds: [...new Set(kinds)], types: [...new Set(types)], scheduleMinutes };
  }

  // Builds.

  /** Queues a build of the graph for the caller, with their access; answers at once (QUEUED). */
  async build(scope: Scope, id: ObjectId): Promise<GraphBuildDoc> {
    await this.buildLimiter.consume(scope.userId);
    const graph = await this.entities.load(scope, id, 'read');
    if (!graph.active) throw new ConflictError('This graph is deleted.');
    if ((await this.repo.countUnfinished(principalKey('user', scope.userId))) >= MAX_UNFINISHED_BUILDS) {
      throw new ConflictError(`You have ${MAX_UNFINISHED_BUILDS} graph builds queued or running: wait for one to end.`);
    }
    return this.queueBuild(graph, { userId: scope.userId, workspaceTeamId: scope.workspaceTeamId }, 'MANUAL');
  }

  private async queueBuild(graph: GraphDoc, runAs: GraphBuildDoc['runAs'], trigger: GraphBuildDoc['trigger'], jobId?: string): Promise<GraphBuildDoc> {
    const build: GraphBuildDoc = {
      _id: new ObjectId(),
      graphId: graph._id.toHexString(),
      graphRevision: graph.revision,
      name: graph.name,
      runAs,
      readers: [principalKey('user', runAs.userId)],
      trigger,
      status: 'QUEUED',
      progress: { depth: 0, maxDepth: graph.depth, nodes: 0 },
      nodes: [],
      edges: [],
      itemIds: [],
      metrics: null,
      positions: [],
      size: null,
      notice: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      timings: {},
      error: null,
      attempts: 0,
    };
    await this.repo.insertBuild(build);
    await this.queue.add('graphBuild', { buildId: build._id.toHexString() }, { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: true, jobId: jobId ?? `graph-build/${build._id.toHexString()}` });
    this.publish(build);
    return build;
  }

  findBuild(scope: Scope, id: ObjectId): Promise<GraphBuildDoc | null> {
    return this.repo.findBuildFor(id, principalKey('user', scope.userId));
  }

  buildsOf(scope: Scope, graph: GraphDoc, first: number): Promise<GraphBuildDoc[]> {
    return this.repo.buildsOf(graph._id.toHexString(), principalKey('user', scope.userId), first);
  }

  lastGoodBuild(scope: Scope, graphId: string): Promise<GraphBuildDoc | null> {
    return this.repo.lastGoodBuild(graphId, principalKey('user', scope.userId));
  }

  /** Whether an item of the build, or an edge at one, changed since it was built. */
  stale(build: GraphBuildDoc): Promise<boolean> {
    if (build.status !== 'SUCCEEDED' || !build.startedAt) return Promise.resolve(false);
    return this.repo.changedSince(build.itemIds, build.itemIds.map((h) => new ObjectId(h)), build.startedAt);
  }

  /** A build's picture or data in a format. */
  async exported(build: GraphBuildDoc, format: GraphExportFormat): Promise<{ body: string | Buffer; contentType: string; extension: string }> {
    if (build.status !== 'SUCCEEDED') throw new ConflictError(`Only a finished build exports: this one is ${build.status}.`);
    const picture: GraphPicture = { title: build.name, nodes: build.nodes, edges: build.edges };
    if (format === 'DOT') return { body: graphDot(picture), contentType: 'text/vnd.graphviz; charset=utf-8', extension: 'dot' };
    if (format === 'JSON') return { body: graphJson(picture), contentType: 'application/json; charset=utf-8', extension: 'json' };
    const svg = (await this.repo.picture(build._id)) ?? '';
    if (format === 'SVG') return { body: svg, contentType: 'image/svg+xml; charset=utf-8', extension: 'svg' };
    // Drawn once per build, then kept: a public link fetched often draws nothing again.
    let png = await this.repo.png(build._id);
    if (!png) {
      png = graphPng(svg);
      await this.repo.savePng(build._id, png);
    }
    return { body: png, contentType: 'image/png', extension: 'png' };
  }

  /** A build, in the worker: walk, metrics, layout, picture; each step timed. Safe to run again. */
  async execute(buildId: ObjectId, final: boolean): Promise<GraphBuildDoc | null> {
    const startedAt = new Date();
    const build = await this.repo.startBuild(buildId, startedAt);
    if (!build) return this.repo.findBuild(buildId);
    this.publish(build);
    const timings: Record<string, number> = {};
    const timed = async <T>(step: string, work: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[step] = Math.round(performance.now() - t0);
      }
    };
    try {
      const graph = await this.repo.findAny(new ObjectId(build.graphId));
      if (!graph || !graph.active) throw new ConflictError('The graph was deleted.');
      const scope = await this.scopeOf(build, graph);
      const roots = await timed('roots', () => graphRoots(this.repo, scope, graph.source, graph.sourceIds));
      const walked = await timed('walk', () =>
        walkGraph(this.repo, (frontier, kinds) => this.relations.dependencyRound(frontier, 'dependencies', kinds), scope, roots, { depth: graph.depth, kinds: graph.kinds, types: graph.types }, async (depth, nodes) => {
          await this.repo.setProgress(buildId, { depth, maxDepth: graph.depth, nodes });
          this.publish(build);
        }),
      );
      const itemIds = walked.nodes.map((n) => n.doc._id.toHexString());
      const { systems, clients } = await timed('membership', () => membership(this.repo, scope, itemIds));
      const nodes = walked.nodes.map(({ doc, ...node }) => ({ ...node, system: systems.get(doc._id.toHexString())?.[0] ?? null }));
      const metrics = await timed('metrics', () => graphMetrics(nodes, walked.edges, systems, clients));
      const layout = await timed('layout', () => layoutGraph({ title: graph.name, nodes, edges: walked.edges }));
      const svg = await timed('svg', () => graphSvg(layout, graph.name));
      await this.repo.savePicture(buildId, svg);
      const notices = [walked.truncated ? `The walk stopped at ${nodes.length.toLocaleString('en-US')} items.` : null, layout.notice].filter(Boolean);
      const finishedAt = new Date();
      const ended = await this.repo.finishBuild(buildId, {
        status: 'SUCCEEDED',
        nodes,
        edges: walked.edges,
        itemIds,
        metrics,
        positions: layout.nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, width: n.width, height: n.height })),
        size: { width: layout.width, height: layout.height },
        notice: notices.length > 0 ? notices.join(' ') : null,
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        timings,
        error: null,
      });
      if (ended) this.publish(ended);
      return ended;
    } catch (error) {
      const known = error instanceof InputError || error instanceof ForbiddenError || error instanceof ConflictError;
      this.logger.warn({ build: buildId.toHexString(), err: error }, 'graph build failed');
      if (!final && !known) throw error;
      const ended = await this.repo.finishBuild(buildId, { status: 'FAILED', error: known ? (error as Error).message : 'The build failed: the inventory could not be read.', finishedAt: new Date(), durationMs: Date.now() - startedAt.getTime(), timings });
      if (ended) this.publish(ended);
      return ended;
    }
  }

  private async scopeOf(build: GraphBuildDoc, graph: GraphDoc): Promise<Scope> {
    const [user] = await this.users.findUsersByIds([new ObjectId(build.runAs.userId)]);
    if (!user) throw new ForbiddenError('The person this build is for no longer has an account.');
    const teams = await this.teams.membershipsOf(build.runAs.userId);
    const workspace = build.runAs.workspaceTeamId && teams.has(build.runAs.workspaceTeamId) ? build.runAs.workspaceTeamId : null;
    const scope = new Scope(build.runAs.userId, teams, workspace);
    if (!(await this.repo.findById(scope, graph._id))) throw new ForbiddenError('The person this build is for can no longer read the graph.');
    return scope;
  }

  private publish(build: GraphBuildDoc): void {
    this.events.publish('graphBuildChanged', { buildId: build._id.toHexString(), graphId: build.graphId, readers: build.readers });
  }

  // Schedules: a graph with scheduleMinutes is rebuilt for its creator.

  nextRunAt(graph: GraphDoc): Promise<Date | null> {
    return nextTick(this.queue, graphSchedulerId(graph._id.toHexString()));
  }

  async sync(doc: GraphDoc): Promise<void> {
    const id = graphSchedulerId(doc._id.toHexString());
    if (!doc.active || doc.scheduleMinutes === null) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    await ensureScheduler(this.queue, id, { every: doc.scheduleMinutes * this.minuteMs }, { name: 'graphTick', data: { graphId: doc._id.toHexString() } });
  }

  async syncAll(): Promise<void> {
    const keep = new Set<string>();
    for (const doc of await this.repo.scheduled()) {
      await this.sync(doc);
      if (doc.active && doc.scheduleMinutes !== null) keep.add(graphSchedulerId(doc._id.toHexString()));
    }
    await pruneSchedulers(this.queue, SCHEDULER_PREFIX, keep);
  }

  /** A tick of a graph's schedule: a build for its creator, if they can still read it. One per tick, whatever the retries. */
  async tick(tickId: string, graphId: string): Promise<boolean> {
    const graph = await this.repo.findAny(new ObjectId(graphId));
    if (!graph || !graph.active || graph.scheduleMinutes === null) {
      if (graph) await this.sync(graph);
      return false;
    }
    const scope = new Scope(graph.createdBy, await this.teams.membershipsOf(graph.createdBy));
    if (!(await this.repo.findById(scope, graph._id))) return false;
    const jobId = `graph-tick/${tickId}`.replaceAll(':', '_');
    if (await this.queue.getJob(jobId)) return false;
    await this.queueBuild(graph, { userId: graph.createdBy, workspaceTeamId: null }, 'SCHEDULE', jobId);
    return true;
  }

  // Share links.

  /** A public link to the graph (ADMIN), valid until `expiresAt`: its picture and metrics, from your newest good build. */
  async createShare(scope: Scope, graphId: ObjectId, expiresAt: Date): Promise<{ share: GraphShareDoc; token: string }> {
    const graph = await this.entities.load(scope, graphId, 'admin');
    if (!graph.active) throw new ConflictError('This graph is deleted.');
    const now = Date.now();
    if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now + 60_000 || expiresAt.getTime() > now + MAX_SHARE_DAYS * 86_400_000) {
      throw new InputError(`expiresAt must be between a minute and ${MAX_SHARE_DAYS} days from now.`, [{ path: 'expiresAt', message: `must be between a minute and ${MAX_SHARE_DAYS} days from now` }]);
    }
    const share: GraphShareDoc = { _id: new ObjectId(), graphId: graph._id.toHexString(), userId: scope.userId, createdAt: new Date(now), expiresAt, revokedAt: null, uses: 0, lastUsedAt: null };
    await this.repo.insertShare(share);
    return { share, token: await this.tokenOf(share) };
  }

  /** The token of a share link: signed with the share key, naming the link only (its expiry is checked in the database too). */
  tokenOf(share: GraphShareDoc): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience(SHARE_AUDIENCE)
      .setIssuer(this.publicUrl)
      .setSubject(share._id.toHexString())
      .setIssuedAt()
      .setExpirationTime(Math.floor(share.expiresAt.getTime() / 1000))
      .sign(this.shareKey);
  }

  async sharesOf(scope: Scope, graph: GraphDoc): Promise<GraphShareDoc[]> {
    await this.entities.load(scope, graph._id, 'admin');
    return this.repo.sharesOf(graph._id.toHexString());
  }

  /** Revokes a link (ADMIN of its graph): it stops working at once. */
  async revokeShare(scope: Scope, shareId: ObjectId): Promise<GraphShareDoc> {
    const share = await this.repo.findShare(shareId);
    if (!share) throw new InputError('No such share link.', [{ path: 'id', message: 'is no share link' }]);
    await this.entities.load(scope, new ObjectId(share.graphId), 'admin');
    return (await this.repo.revokeShare(shareId, new Date())) ?? share;
  }

  /** What a share token opens, counting the use; null for a bad, expired or revoked token, or a graph deleted or with no build. */
  async openShare(token: string): Promise<SharedGraph | null> {
    let shareId: string;
    try {
      const { payload } = await jwtVerify(token, this.shareKey, { algorithms: ['HS256'], audience: SHARE_AUDIENCE, issuer: this.publicUrl });
      if (typeof payload.sub !== 'string' || !/^[0-9a-f]{24}$/.test(payload.sub)) return null;
      shareId = payload.sub;
    } catch {
      return null;
    }
    const share = await this.repo.useShare(new ObjectId(shareId), new Date());
    if (!share) return null;
    const graph = await this.repo.findAny(new ObjectId(share.graphId));
    if (!graph || !graph.active) return null;
    const build = await this.repo.lastGoodBuild(share.graphId, principalKey('user', share.userId));
    if (!build) return null;
    return { share, graph, build };
  }

  picture(build: GraphBuildDoc): Promise<string | null> {
    return this.repo.picture(build._id);
  }

  globalIdOf(build: GraphBuildDoc): string {
    return toGlobalId(GRAPH_BUILD_TYPE, build._id);
  }
}

const EDITABLE = ['name', 'description', 'source', 'sourceIds', 'depth', 'kinds', 'types', 'scheduleMinutes'] as const;

