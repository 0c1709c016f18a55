import { isDuplicateKey } from '../identity/identity.repository.js';
import type { Limiter } from '../../infra/rate-limit.js';
import { ObjectId } from 'mongodb';
import type { FlowJob, FlowJobNode } from 'bullmq';
import { z } from 'zod';
import type { Logger } from 'pino';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import type { EventBus } from '../../events/pubsub.js';
import { DISCOVERY_DELIVERY, type DiscoverKindPayload, type DiscoveryRunPayload } from '../../jobs/contract.js';
import type { QueueSet } from '../../jobs/queues.js';
import { cursorPart, decodeCursor, encodeCursor } from '../../shared/cursor.js';
import { pageSize, type Page } from '../../shared/pagination.js';
import type { Scope } from '../access/scope.js';
import { DISCOVERY_KINDS, type ConnectionDoc, type DiscoveryKind } from './connection.model.js';
import type { ConnectionService } from './connection.service.js';
import {
  ACCOUNT_REGION,
  ACCOUNT_WIDE_KINDS,
  discoveryJobId,
  entryKey,
  finalStatus,
  KIND_ORDER,
  zeroCounts,
  type DiscoveryEntry,
  type DiscoveryRunDoc,
  type DiscoveryTrigger,
} from './discovery-run.model.js';
import type { DiscoveryRunRepository } from './discovery-run.repository.js';

/** What `discoveryRunChanged` carries: the run, and who could read its connection (checked again when sent). */
export interface DiscoveryRunEvent {
  runId: string;
  connectionId: string;
  readers: string[];
}

/** Job states in which a (connection, region, kind) is still being discovered by some run. */
const BUSY_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/**
 * Discovery runs: started by a person with WRITE on the connection, read
 * by whoever can read it. A run is a BullMQ flow: the run is the parent
 * job, each (region, kind) a child job on the `discovery` queue under a
 * deterministic id, so one (connection, region, kind) is never discovered
 * by two runs at once; the workers record each job's counts and errors on
 * the run, and the parent job closes it once its children are done.
 */
export class DiscoveryRunService {
  constructor(
    private readonly repo: DiscoveryRunRepository,
    private readonly connections: ConnectionService,
    private readonly queues: QueueSet,
    private readonly events: EventBus,
    private readonly logger: Logger,
    /** Runs started by hand: 30 a minute per person (each is calls to AWS and writes). */
    private readonly startLimiter: Limiter,
  ) {}

  async start(scope: Scope, connectionId: ObjectId, kinds: readonly DiscoveryKind[] | null | undefined, regions: readonly string[] | null | undefined): Promise<DiscoveryRunDoc> {
    await this.startLimiter.consume(scope.userId);
    const connection = await this.connections.require(scope, connectionId, 'write');
    if (!connection.active) throw new ConflictError('This connection is deleted.');
    const wantedKinds = kinds && kinds.length > 0 ? DISCOVERY_KINDS.filter((k) => kinds.includes(k)) : connection.kinds.filter((k) => k.enabled).map((k) => k.kind);
    const known = await this.connections.regionsOf(connection);
    let wantedRegions = known;
    if (regions && regions.length > 0) {
      const unknown = regions.findIndex((r) => !known.includes(r));
      if (unknown >= 0) throw new InputError(`regions.${unknown} is not a region of this connection.`, [{ path: `regions.${unknown}`, message: 'is not a region of this connection' }]);
      wantedRegions = [...new Set(regions)];
    }
    return this.launch(connection, wantedKinds, wantedRegions, 'MANUAL', scope.userId);
  }

  /**
   * A tick of a connection's schedule for one kind (a worker's, for no
   * person): a run of that kind in the connection's regions, unless the
   * connection was deleted or paused or the kind switched off since (null:
   * nothing to do). A kind and region still being discovered is skipped,
   * and the run says so, as for a run started by hand.
   */
  async startScheduled(connectionId: ObjectId, kind: DiscoveryKind, tick: string): Promise<DiscoveryRunDoc | null> {
    // A tick whose job runs again (its worker died after starting the run) finds its run, and queues its jobs if they never were.
    const runId = await this.repo.claimTick(tick, new ObjectId());
    const done = await this.repo.findById(runId);
    const connection = await this.connections.forJob(connectionId);
    if (done) {
      if (connection && done.status === 'QUEUED' && Object.values(done.entries).every((e) => e.status === 'QUEUED' || e.status === 'SKIPPED')) {
        await this.queues.flows.add(this.flowOf(done, connection, Object.values(done.entries).filter((e) => e.status === 'QUEUED')));
      }
      return done;
    }
    if (!connection || !connection.active || !connection.enabled || !connection.kinds.some((k) => k.kind === kind && k.enabled)) return null;
    return this.launch(connection, [kind], await this.connections.regionsOf(connection), 'SCHEDULE', connection.createdBy, runId);
  }

  private async launch(
    connection: ConnectionDoc,
    wantedKinds: readonly DiscoveryKind[],
    wantedRegions: readonly string[],
    trigger: DiscoveryTrigger,
    createdBy: string,
    id: ObjectId = new ObjectId(),
  ): Promise<DiscoveryRunDoc> {
    const now = new Date();
    const connectionHex = connection._id.toHexString();
    const triples: Array<{ kind: DiscoveryKind; region: string }> = [];
    for (const kind of wantedKinds) {
      if (ACCOUNT_WIDE_KINDS.includes(kind)) triples.push({ kind, region: ACCOUNT_REGION });
      else for (const region of wantedRegions) triples.push({ kind, region });
    }
    // A (connection, region, kind) another run is still discovering is skipped, and said so.
    const busy = new Set<string>();
    for (const t of triples) {
      const job = await this.queues.queues.discovery.getJob(discoveryJobId(connectionHex, t.region, t.kind));
      if (job && BUSY_STATES.has(await job.getState())) busy.add(entryKey(t.kind, t.region));
    }
    const entries: Record<string, DiscoveryEntry> = {};
    for (const t of triples) {
      const skipped = busy.has(entryKey(t.kind, t.region));
      entries[entryKey(t.kind, t.region)] = {
        kind: t.kind,
        region: t.region,
        status: skipped ? 'SKIPPED' : 'QUEUED',
        ...zeroCounts(),
        error: skipped ? 'Skipped: already being discovered by another run.' : null,
        attempts: 0,
        startedAt: null,
        finishedAt: null,
      };
    }
    const previous = await this.repo.latestBefore(connectionHex, id);
    const doc: DiscoveryRunDoc = {
      _id: id,
      connectionId: connectionHex,
      trigger,
      status: 'QUEUED',
      account: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      previousRunAt: previous?.startedAt ?? previous?.createdAt ?? null,
      entries,
      readers: [...connection.access.read],
      createdBy,
    };
    // The run is stored before its jobs exist: a job always finds its run.
    try {
      await this.repo.insert(doc);
    } catch (error) {
      // The same tick, started at once by another worker (one run id for both): its run stands.
      const other = isDuplicateKey(error) ? await this.repo.findById(id) : null;
      if (other) return other;
      throw error;
    }
    await this.queues.flows.add(this.flowOf(doc, connection, triples.filter((t) => !busy.has(entryKey(t.kind, t.region)))));
    this.publish(doc);
    return doc;
  }

  /**
   * The run's flow: the run as the parent job; per region, the kinds of
   * KIND_ORDER nested so that each runs after the one its links point to
   * (a job's children run before it), the other kinds directly under the run.
   */
  private flowOf(run: DiscoveryRunDoc, connection: ConnectionDoc, triples: ReadonlyArray<{ kind: DiscoveryKind; region: string }>): FlowJob {
    const runId = run._id.toHexString();
    const connectionId = connection._id.toHexString();
    const child = (t: { kind: DiscoveryKind; region: string }, children?: FlowJobNode[]): FlowJobNode => {
      const data: DiscoverKindPayload = { runId, connectionId, region: t.region, kind: t.kind };
      return { name: 'discoverKind', queueName: 'discovery', data, opts: { ...DISCOVERY_DELIVERY, jobId: discoveryJobId(connectionId, t.region, t.kind) }, ...(children ? { children } : {}) };
    };
    const children: FlowJobNode[] = [];
    const regions = [...new Set(triples.map((t) => t.region))];
    for (const region of regions) {
      let chain: FlowJobNode | undefined;
      for (const kind of KIND_ORDER) {
        if (!triples.some((t) => t.kind === kind && t.region === region)) continue;
        chain = child({ kind, region }, chain ? [chain] : undefined);
      }
      if (chain) children.push(chain);
      for (const t of triples) if (t.region === region && !KIND_ORDER.includes(t.kind)) children.push(child(t));
    }
    const data: DiscoveryRunPayload = { runId };
    return { name: 'discoveryRun', queueName: 'discovery', data, opts: { jobId: `discovery-run/${runId}`, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } }, children };
  }

  /** A run whose connection the caller can read; null otherwise. */
  async get(scope: Scope, id: ObjectId): Promise<DiscoveryRunDoc | null> {
    const run = await this.repo.findById(id);
    if (!run) return null;
    const connection = await this.connections.get(scope, new ObjectId(run.connectionId));
    return connection ? run : null;
  }

  /** A connection's runs, newest first; NOT_FOUND when the caller cannot read the connection. */
  async list(scope: Scope, connectionId: ObjectId, first: number | null | undefined, after: string | null | undefined): Promise<Page<DiscoveryRunDoc>> {
    const connection = await this.connections.get(scope, connectionId);
    if (!connection) throw new NotFoundError('No such connection, or you cannot see it.');
    const size = pageSize(first);
    const cursor = after ? decodeCursor(after, z.tuple([cursorPart.id]))[0] : undefined;
    const { items, total } = await this.repo.page(connectionId.toHexString(), size, cursor);
    return { items: items.slice(0, size), hasNextPage: items.length > size, totalCount: total };
  }

  /**
   * A connection's schedules counted (the caller has read it): one per kind,
   * those enabled (and the connection too), and those failing (in some
   * region, their kind's newest job that ended, in the connection's last 50
   * runs, failed).
   */
  async scheduleCounts(connection: ConnectionDoc): Promise<{ total: number; enabled: number; failing: number }> {
    const enabled = connection.active && connection.enabled ? connection.kinds.filter((k) => k.enabled).map((k) => k.kind) : [];
    const { items } = await this.repo.page(connection._id.toHexString(), 50, undefined);
    const last = new Map<string, string>();
    for (const run of items) {
      for (const entry of Object.values(run.entries)) {
        const key = entryKey(entry.kind, entry.region);
        if (!last.has(key) && (entry.status === 'SUCCEEDED' || entry.status === 'FAILED')) last.set(key, entry.status);
      }
    }
    const failing = new Set([...last].filter(([, status]) => status === 'FAILED').map(([key]) => key.split(':')[0]));
    return { total: connection.kinds.length, enabled: enabled.length, failing: enabled.filter((k) => failing.has(k)).length };
  }

  /** How a connection's newest discovery of one kind went, in its last 50 runs: FAILED when some region failed. */
  async lastOfKind(connection: ConnectionDoc, kind: DiscoveryKind): Promise<{ status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; at: Date } | null> {
    const { items } = await this.repo.page(connection._id.toHexString(), 50, undefined);
    for (const run of items) {
      const entries = Object.values(run.entries).filter((e) => e.kind === kind);
      if (entries.length === 0) continue;
      const status = entries.some((e) => e.status === 'FAILED')
        ? 'FAILED'
        : entries.every((e) => e.status === 'SKIPPED')
          ? 'SKIPPED'
          : entries.every((e) => e.status === 'SUCCEEDED' || e.status === 'SKIPPED')
            ? 'SUCCEEDED'
            : 'RUNNING';
      return { status, at: run.startedAt ?? run.createdAt };
    }
    return null;
  }

  /** The newest run of a connection the caller has already read. */
  latestOf(connectionId: ObjectId): Promise<DiscoveryRunDoc | null> {
    return this.repo.latest(connectionId.toHexString());
  }

  static cursorOf(doc: DiscoveryRunDoc): string {
    return encodeCursor([doc._id]);
  }

  // What the workers record, as each job runs.

  /** A run by id, whatever the caller: for its own jobs. */
  forJob(id: string): Promise<DiscoveryRunDoc | null> {
    return this.repo.findById(new ObjectId(id));
  }

  async setAccount(run: DiscoveryRunDoc, account: string): Promise<void> {
    await this.repo.setAccount(run._id, account);
  }

  /** Sets a job's entry as a whole (each attempt's counts replace the last's) and announces the run's progress. */
  async recordEntry(runId: string, entry: DiscoveryEntry): Promise<void> {
    const run = await this.repo.setEntry(new ObjectId(runId), entryKey(entry.kind, entry.region), entry);
    if (run) this.publish(run);
  }

  /** Closes the run once its jobs are done: its status follows from theirs. Idempotent. */
  async finish(runId: string): Promise<DiscoveryRunDoc | null> {
    const run = await this.repo.findById(new ObjectId(runId));
    if (!run) return null;
    // A job that never ran to the end (its worker died with no attempt left) counts as failed.
    const entries = Object.values(run.entries).map((e) => (e.status === 'SUCCEEDED' || e.status === 'FAILED' || e.status === 'SKIPPED' ? e : { ...e, status: 'FAILED' as const }));
    const done = await this.repo.finish(run._id, finalStatus(entries), run.finishedAt ?? new Date(), run.startedAt);
    if (done) this.publish(done);
    this.logger.info({ run: runId, status: done?.status }, 'discovery run finished');
    return done;
  }

  private publish(run: DiscoveryRunDoc): void {
    this.events.publish('discoveryRunChanged', { runId: run._id.toHexString(), connectionId: run.connectionId, readers: run.readers });
  }
}
