import { ObjectId } from 'mongodb';
import type { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import { ConflictError, ForbiddenError } from '../../graphql/errors.js';
import type { EventBus } from '../../events/pubsub.js';
import type { ScheduleTickPayload } from '../../jobs/contract.js';
import { callOutbound, validateOutboundRequest, type OutboundPolicy } from '../../shared/outbound-http.js';
import type { SecretBox } from '../../shared/secret-box.js';
import { Validator } from '../../shared/validate.js';
import type { Redis } from 'ioredis';
import { ensureScheduler, nextTick, pruneSchedulers } from '../../jobs/job-schedulers.js';
import type { Limiter } from '../../infra/rate-limit.js';
import { VersionedEntities } from '../access/versioned-entities.js';
import { initialAccess, type Role } from '../access/access.model.js';
import type { Scope } from '../access/scope.js';
import { userActor } from '../history/actor.js';
import type { FieldChangeData } from '../history/change.model.js';
import type { Decision, HistoryService } from '../history/history.service.js';
import {
  MAX_FOLLOW_UP_DEPTH,
  scheduleRef,
  SCHEDULE_TYPE,
  type HttpCall,
  type HttpHeader,
  type ScheduleDoc,
  type ScheduleRunDoc,
  type ScheduleRunStatus,
  type ScheduleTrigger,
} from './schedule.model.js';
import type { ScheduleRepository } from './schedule.repository.js';

const STORE = 'schedules';
/** At most this many schedules in one list. */
export const MAX_SCHEDULES = 1000;
/** The longest interval: 90 days, in minutes. */
const MAX_INTERVAL_MINUTES = 90 * 24 * 60;
const PREFIX = 'http-schedule/';
/** A run still "running" this long after its call's time-out ran out was left by a worker that died. */
const STALE_MARGIN_MS = 60_000;
/** Runs one run may lead to through its follow-ups, all told: fan-outs of follow-ups stop there. */
export const MAX_CHAIN_RUNS = 50;
/** Active HTTP schedules one owner may have. */
export const MAX_SCHEDULES_PER_OWNER = 500;

export interface ScheduleInput {
  name?: string | null;
  method?: string | null;
  url?: string | null;
  headers?: HttpHeader[] | null;
  /** Replace the secret headers (values sealed, never returned); [] removes them. */
  secretHeaders?: HttpHeader[] | null;
  body?: string | null;
  expectedStatus?: number[] | null;
  timeoutMs?: number | null;
  intervalMinutes?: number | null;
  cron?: string | null;
  timezone?: string | null;
  /** Global ids of schedules to run after a run that succeeded, or failed. */
  onSuccess?: string[] | null;
  onFailure?: string[] | null;
  enabled?: boolean | null;
}

/** What a schedule's run changed: the run, and who could read the schedule (checked again when sent). */
export interface ScheduleRunEvent {
  runId: string;
  scheduleId: string;
  readers: string[];
}

/** The id of the BullMQ job scheduler of an HTTP schedule. */
export function httpSchedulerId(scheduleId: string): string {
  return `${PREFIX}${scheduleId}`;
}

/** The next `count` times a cron expression fires after `from`, in its time zone. Five fields only: a schedule runs at most once a minute. */
export function cronTimes(cron: string, timezone: string | null, count: number, from = new Date()): Date[] {
  if (cron.trim().split(/\s+/).length !== 5) throw new Error('it must have five fields, minute hour day month weekday (a schedule runs at most once a minute)');
  const expression = CronExpressionParser.parse(cron, { currentDate: from, tz: timezone ?? 'UTC' });
  return Array.from({ length: count }, () => expression.next().toDate());
}

/**
 * Custom HTTP schedules: a call made on an interval or a cron expression
 * (in a time zone), through the outbound guard (no private address unless
 * the operator allows it), with follow-ups run after it succeeds or fails.
 * Each schedule is a BullMQ job scheduler on the `maintenance` queue: the
 * schedule lives in Redis, not in a process, so each tick runs once however
 * many processes there are; every run is kept by the id of the job that made
 * it, so a job run again after a crash calls nothing twice; a tick that
 * finds the schedule's last run still going is SKIPPED.
 */
export class ScheduleService {
  constructor(
    private readonly repo: ScheduleRepository,
    private readonly history: HistoryService,
    private readonly box: SecretBox,
    private readonly queue: Queue,
    private readonly events: EventBus,
    private readonly outbound: OutboundPolicy,
    private readonly minuteMs: number,
    private readonly logger: Logger,
    /** "Run now" is a call out: 30 a minute per person. */
    private readonly runLimiter: Limiter,
    /** Where chains of follow-ups count their runs (`<prefix>:schedule-chain:<root>`). */
    private readonly redis: Redis,
    private readonly redisPrefix: string,
  ) {
    this.entities = new VersionedEntities(repo, history, STORE, SCHEDULE_TYPE, 'schedule');
  }

  private readonly entities: VersionedEntities<ScheduleDoc>;

  /** How long a schedule's minute lasts (60,000 ms but in tests). */
  get minuteLength(): number {
    return this.minuteMs;
  }

  get(scope: Scope, id: ObjectId): Promise<ScheduleDoc | null> {
    return this.repo.findById(scope, id);
  }

  list(scope: Scope): Promise<ScheduleDoc[]> {
    return this.repo.list(scope, MAX_SCHEDULES);
  }

  recentRuns(schedule: ScheduleDoc, limit: number): Promise<ScheduleRunDoc[]> {
    return this.repo.recentRuns(schedule._id.toHexString(), limit);
  }

  /** When the schedule runs next, from its job scheduler; null when it does not. */
  nextRunAt(schedule: ScheduleDoc): Promise<Date | null> {
    return nextTick(this.queue, httpSchedulerId(schedule._id.toHexString()));
  }

  async create(scope: Scope, input: ScheduleInput): Promise<ScheduleDoc> {
    const clean = await this.validate(scope, input, null);
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) throw new ForbiddenError('You have read-only access to this team workspace.');
    if ((await this.repo.countOwned(scope.creator)) >= MAX_SCHEDULES_PER_OWNER) {
      throw new ConflictError(`At most ${MAX_SCHEDULES_PER_OWNER} schedules per owner: delete some first.`);
    }
    const now = new Date();
    const doc: ScheduleDoc = {
      _id: new ObjectId(),
      name: clean.name!,
      nameLower: clean.name!.toLowerCase(),
      http: clean.http!,
      secretHeaders: (clean.secretHeaders ?? []).map((h) => ({ name: h.name, sealed: this.box.seal(h.value) })),
      intervalMinutes: clean.intervalMinutes ?? null,
      cron: clean.cron ?? null,
      timezone: clean.cron ? (clean.timezone ?? 'UTC') : null,
      onSuccess: clean.onSuccess ?? [],
      onFailure: clean.onFailure ?? [],
      enabled: clean.enabled ?? true,
      active: true,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: scope.userId,
      ...initialAccess(scope.creator, scope.userId, now),
    };
    doc.pending = { 1: this.history.pending(doc, SCHEDULE_TYPE, 1, { operation: 'CREATE', actor: userActor(scope), diff: diffOf(null, doc, false), readers: doc.access.read }) };
    await this.repo.insert(doc);
    await this.history.commit(STORE, doc);
    delete doc.pending;
    await this.sync(doc);
    return doc;
  }

  async update(scope: Scope, id: ObjectId, input: ScheduleInput): Promise<ScheduleDoc> {
    const current = await this.load(scope, id, 'write');
    const clean = await this.validate(scope, input, current);
    const actor = userActor(scope);
    const { doc } = await this.change(scope, id, 'write', (before) => {
      if (!before.active) throw new ConflictError('This schedule is deleted.');
      const next: ScheduleDoc = { ...before };
      if (clean.name !== undefined) {
        next.name = clean.name;
        next.nameLower = clean.name.toLowerCase();
      }
      if (clean.http) next.http = clean.http;
      if (clean.intervalMinutes !== undefined || clean.cron !== undefined) {
        next.intervalMinutes = clean.intervalMinutes ?? null;
        next.cron = clean.cron ?? null;
      }
      if (clean.timezone !== undefined || clean.cron !== undefined) next.timezone = next.cron ? (clean.timezone ?? before.timezone ?? 'UTC') : null;
      if (clean.onSuccess) next.onSuccess = clean.onSuccess;
      if (clean.onFailure) next.onFailure = clean.onFailure;
      if (clean.enabled !== undefined) next.enabled = clean.enabled;
      const secretsChanged = clean.secretHeaders !== undefined;
      if (secretsChanged) next.secretHeaders = clean.secretHeaders!.map((h) => ({ name: h.name, sealed: this.box.seal(h.value) }));
      const diff = diffOf(before, next, secretsChanged);
      if (diff.length === 0) return null;
      const set: Record<string, unknown> = {};
      for (const field of ['name', 'nameLower', 'http', 'secretHeaders', 'intervalMinutes', 'cron', 'timezone', 'onSuccess', 'onFailure', 'enabled'] as const) {
        if (JSON.stringify(before[field]) !== JSON.stringify(next[field])) set[field] = next[field];
      }
      return { set, change: { operation: 'UPDATE', actor, diff, readers: before.access.read } };
    });
    await this.sync(doc);
    return doc;
  }

  /** Soft delete (ADMIN): no more runs; its job scheduler goes. */
  async delete(scope: Scope, id: ObjectId): Promise<ScheduleDoc> {
    const doc = await this.entities.softDelete(scope, id);
    await this.sync(doc);
    return doc;
  }

  /** "Run now" (WRITE): a run at once, whatever its schedule, under a job id of its own. */
  async runNow(scope: Scope, id: ObjectId): Promise<string> {
    await this.runLimiter.consume(scope.userId);
    const doc = await this.load(scope, id, 'write');
    if (!doc.active) throw new ConflictError('This schedule is deleted.');
    const jobId = `manual/${doc._id.toHexString()}/${new ObjectId().toHexString()}`;
    const payload: ScheduleTickPayload = { scheduleId: doc._id.toHexString(), trigger: 'MANUAL', after: null, depth: 0, root: null };
    await this.queue.add('scheduleTick', payload, { jobId, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
    return jobId;
  }

  // Job schedulers.

  /** Makes the schedule's job scheduler what it says: on its interval or cron while enabled; none otherwise. Idempotent. */
  async sync(doc: ScheduleDoc): Promise<void> {
    const id = httpSchedulerId(doc._id.toHexString());
    if (!doc.active || !doc.enabled) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    const payload: ScheduleTickPayload = { scheduleId: doc._id.toHexString(), trigger: 'SCHEDULE', after: null, depth: 0, root: null };
    const timing = doc.cron ? { pattern: doc.cron, tz: doc.timezone ?? 'UTC' } : { every: (doc.intervalMinutes ?? 60) * this.minuteMs };
    await ensureScheduler(this.queue, id, timing, { name: 'scheduleTick', data: payload });
  }

  /** At a worker's start: every schedule's job scheduler as the database says, none for schedules that are gone. */
  async syncAll(): Promise<void> {
    const keep = new Set<string>();
    for (const doc of await this.repo.all()) {
      await this.sync(doc);
      if (doc.active && doc.enabled) keep.add(httpSchedulerId(doc._id.toHexString()));
    }
    await pruneSchedulers(this.queue, PREFIX, keep);
  }

  /** After a key rotation: every secret header sealed with an older key, sealed again with the current one (no history: nobody changed it). */
  async resealStale(): Promise<number> {
    let resealed = 0;
    for (const doc of await this.repo.sealedWithOther(this.box.currentKid)) {
      try {
        const headers = doc.secretHeaders.map((h) => (h.sealed.kid === this.box.currentKid ? h : { name: h.name, sealed: this.box.seal(this.box.open(h.sealed)) }));
        if (await this.repo.reseal(doc, headers)) resealed += 1;
      } catch (error) {
        this.logger.warn({ schedule: doc._id.toHexString(), problem: (error as Error).message }, 'a schedule\'s secret header could not be sealed again with the current key');
      }
    }
    return resealed;
  }

  // The worker's side.

  /**
   * One run of a schedule, under its job's id: skipped when the schedule was
   * deleted or paused since (a tick), or its last run is still going; else
   * the call, its outcome kept, and the follow-ups queued. A job run again
   * finds its run and calls nothing twice.
   */
  async tick(jobId: string, payload: ScheduleTickPayload): Promise<ScheduleRunDoc | null> {
    const doc = await this.repo.findAny(new ObjectId(payload.scheduleId));
    if (!doc || !doc.active || (payload.trigger === 'SCHEDULE' && !doc.enabled)) {
      if (doc) await this.sync(doc);
      return null;
    }
    const startedAt = new Date();
    const base: ScheduleRunDoc = {
      _id: jobId,
      scheduleId: payload.scheduleId,
      trigger: payload.trigger,
      after: payload.after,
      root: payload.root ?? jobId,
      status: 'RUNNING',
      startedAt,
      finishedAt: null,
      durationMs: null,
      httpStatus: null,
      bodyStart: null,
      error: null,
      readers: [...doc.access.read],
    };
    const { run, fresh } = await this.repo.claimRun(base);
    if (!fresh) return run;
    const going = (await this.repo.running(payload.scheduleId, jobId)).filter((r) => startedAt.getTime() - r.startedAt.getTime() < doc.http.timeoutMs + STALE_MARGIN_MS);
    if (going.length > 0) return this.finish(run, doc, { status: 'SKIPPED', error: 'Skipped: the previous run of this schedule is still going.', finishedAt: new Date() }, payload);
    this.publish(run);
    const headers: Record<string, string> = {};
    for (const h of doc.http.headers) headers[h.name] = h.value;
    for (const h of doc.secretHeaders) headers[h.name] = this.box.open(h.sealed);
    const result = await callOutbound({ method: doc.http.method, url: doc.http.url, headers, body: doc.http.body, timeoutMs: doc.http.timeoutMs }, this.outbound);
    const expected = doc.http.expectedStatus;
    const statusOk = result.status !== null && (expected.length > 0 ? expected.includes(result.status) : result.status >= 200 && result.status < 300);
    const succeeded = result.ok && statusOk;
    const error = result.error ?? (statusOk ? null : `Answered ${result.status}, expected ${expected.length > 0 ? expected.join(' or ') : 'a 2xx status'}.`);
    return this.finish(run, doc, { status: succeeded ? 'SUCCEEDED' : 'FAILED', httpStatus: result.status, bodyStart: result.bodyStart, durationMs: result.durationMs, error, finishedAt: new Date() }, payload);
  }

  private async finish(run: ScheduleRunDoc, doc: ScheduleDoc, set: Partial<ScheduleRunDoc> & { status: ScheduleRunStatus }, payload: ScheduleTickPayload): Promise<ScheduleRunDoc> {
    const done = (await this.repo.finishRun(run._id, set)) ?? { ...run, ...set };
    this.publish(done);
    if (set.status === 'FAILED') this.logger.info({ schedule: doc._id.toHexString(), run: run._id, problem: set.error }, 'scheduled call failed');
    const next = set.status === 'SUCCEEDED' ? doc.onSuccess : set.status === 'FAILED' ? doc.onFailure : [];
    if (next.length > 0 && payload.depth + 1 >= MAX_FOLLOW_UP_DEPTH) {
      this.logger.warn({ schedule: doc._id.toHexString(), depth: payload.depth }, 'follow-ups not run: the chain is too deep (a loop of schedules?)');
      return done;
    }
    const root = run.root;
    if (next.length > 0 && !(await this.reserveFollowUps(root, run._id, next.length))) {
      this.logger.warn({ schedule: doc._id.toHexString(), root }, `follow-ups not run: one run may lead to at most ${MAX_CHAIN_RUNS} runs`);
      return done;
    }
    for (const followId of next) {
      const followUp: ScheduleTickPayload = { scheduleId: followId, trigger: 'FOLLOW_UP', after: run._id, depth: payload.depth + 1, root };
      // One follow-up per run and schedule, whatever the retries.
      await this.queue.add('scheduleTick', followUp, { jobId: `follow/${followId}/${encodeURIComponent(run._id)}`.replaceAll(':', '_'), removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
    }
    return done;
  }

  /**
   * Reserves `count` follow-ups of a chain, atomically in Redis, however many
   * workers finish its runs at once: false once the chain would lead to more
   * than MAX_CHAIN_RUNS runs. A run's reservation is made once, whatever the
   * retries of its job.
   */
  private async reserveFollowUps(root: string, runId: string, count: number): Promise<boolean> {
    const redis = this.redis;
    const key = `${this.redisPrefix}:schedule-chain:${root}`;
    const made = await redis.hget(key, runId);
    if (made !== null) return made === '1';
    const total = await redis.hincrby(key, '#', count);
    await redis.expire(key, 24 * 3600);
    const ok = total <= MAX_CHAIN_RUNS;
    if (!ok) await redis.hincrby(key, '#', -count);
    await redis.hset(key, runId, ok ? '1' : '0');
    return ok;
  }

  private publish(run: ScheduleRunDoc): void {
    this.events.publish('scheduleRunChanged', { runId: run._id, scheduleId: run.scheduleId, readers: run.readers });
  }

  private load(scope: Scope, id: ObjectId, role: Role): Promise<ScheduleDoc> {
    return this.entities.load(scope, id, role);
  }

  private change(scope: Scope, id: ObjectId, role: Role, decide: (doc: ScheduleDoc) => Decision | null): Promise<{ doc: ScheduleDoc; changed: boolean }> {
    return this.entities.change(scope, id, role, decide);
  }

  /** Checks an input; every bad field is named in one BAD_USER_INPUT error, and nothing is written. */
  private async validate(scope: Scope, input: ScheduleInput, current: ScheduleDoc | null): Promise<CleanInput> {
    const v = new Validator();
    const out: CleanInput = {};
    const creating = current === null;
    if (input.name !== undefined || creating) {
      const name = v.text('input.name', input.name, { max: 100, required: true });
      if (name) out.name = name;
    }
    const callChanged = creating || ['method', 'url', 'headers', 'secretHeaders', 'body', 'expectedStatus', 'timeoutMs'].some((f) => input[f as keyof ScheduleInput] !== undefined);
    if (callChanged) {
      const http: HttpCall = {
        method: (input.method ?? current?.http.method ?? 'GET').toUpperCase(),
        url: input.url ?? current?.http.url ?? '',
        headers: input.headers ?? current?.http.headers ?? [],
        body: input.body !== undefined ? input.body || null : (current?.http.body ?? null),
        expectedStatus: input.expectedStatus ?? current?.http.expectedStatus ?? [],
        timeoutMs: input.timeoutMs ?? current?.http.timeoutMs ?? 10_000,
      };
      const secretHeaders = input.secretHeaders ?? current?.secretHeaders.map((h) => ({ name: h.name, value: 'x' })) ?? [];
      for (const problem of validateOutboundRequest({ method: http.method, url: http.url, headers: http.headers, secretHeaders, body: http.body, timeoutMs: http.timeoutMs }, { prefix: 'input', policy: this.outbound })) {
        v.add(problem.path, problem.message);
      }
      if (http.expectedStatus.length > 20) v.add('input.expectedStatus', 'must hold at most 20 statuses');
      http.expectedStatus.forEach((s, i) => {
        if (!Number.isInteger(s) || s < 100 || s > 599) v.add(`input.expectedStatus.${i}`, 'must be an HTTP status, 100 to 599');
      });
      out.http = http;
    }
    if (input.secretHeaders !== undefined && input.secretHeaders !== null) {
      if (input.secretHeaders.length > 20) v.add('input.secretHeaders', 'must hold at most 20 headers');
      out.secretHeaders = input.secretHeaders;
    }
    const interval = input.intervalMinutes;
    const cron = input.cron?.trim();
    if (interval !== undefined && interval !== null && cron) v.add('input.cron', 'goes without intervalMinutes: give one or the other');
    if (interval !== undefined && interval !== null) {
      if (!Number.isInteger(interval) || interval < 1 || interval > MAX_INTERVAL_MINUTES) v.add('input.intervalMinutes', `must be a whole number of minutes, 1 to ${MAX_INTERVAL_MINUTES}`);
      else {
        out.intervalMinutes = interval;
        out.cron = null;
      }
    }
    if (input.timezone !== undefined && input.timezone !== null) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: input.timezone });
        out.timezone = input.timezone;
      } catch {
        v.add('input.timezone', 'must be a time zone name, like Europe/Paris or UTC');
      }
    }
    if (cron) {
      try {
        cronTimes(cron, out.timezone ?? current?.timezone ?? 'UTC', 2);
        out.cron = cron;
        out.intervalMinutes = null;
      } catch (error) {
        v.add('input.cron', `is not a cron expression (minute hour day month weekday): ${(error as Error).message}`);
      }
    }
    if (creating && (interval === undefined || interval === null) && !cron) v.add('input.intervalMinutes', 'give intervalMinutes or cron');
    if (input.enabled !== undefined && input.enabled !== null) out.enabled = input.enabled;
    for (const field of ['onSuccess', 'onFailure'] as const) {
      const given = input[field];
      if (given === undefined || given === null) continue;
      if (given.length > 20) v.add(`input.${field}`, 'must name at most 20 schedules');
      const ids: ObjectId[] = [];
      given.forEach((globalId, i) => {
        const ref = httpScheduleOf(globalId);
        if (ref) {
          if (current && ref.equals(current._id)) v.add(`input.${field}.${i}`, 'cannot be the schedule itself');
          ids.push(ref);
        } else {
          v.add(`input.${field}.${i}`, 'must be the id of a schedule');
        }
      });
      // Follow-ups are schedules you may change: a reader cannot make another's schedule call out.
      const writable = new Set((await this.repo.findByIds(scope, ids, 'write')).filter((d) => d.active).map((d) => d._id.toHexString()));
      ids.forEach((id, i) => {
        if (!writable.has(id.toHexString())) v.add(`input.${field}.${i}`, 'is not a schedule you can change');
      });
      out[field] = [...new Set(ids.map((id) => id.toHexString()))];
    }
    v.done();
    return out;
  }
}

/** The HTTP schedule a global id names; null for anything else (a discovery schedule too: it has no follow-ups to run). */
function httpScheduleOf(globalId: string): ObjectId | null {
  try {
    const ref = scheduleRef(globalId);
    return ref.target === 'HTTP' ? ref.id : null;
  } catch {
    return null;
  }
}

interface CleanInput {
  name?: string;
  http?: HttpCall;
  secretHeaders?: HttpHeader[];
  intervalMinutes?: number | null;
  cron?: string | null;
  timezone?: string;
  onSuccess?: string[];
  onFailure?: string[];
  enabled?: boolean;
}

/** The fields of a change, as the history shows them: secret headers by name only, "(changed)" for their values. */
function diffOf(before: ScheduleDoc | null, after: ScheduleDoc, secretsChanged: boolean): FieldChangeData[] {
  const view = (doc: ScheduleDoc | null) =>
    doc && {
      name: doc.name,
      http: doc.http,
      secretHeaders: doc.secretHeaders.map((h) => h.name),
      intervalMinutes: doc.intervalMinutes,
      cron: doc.cron,
      timezone: doc.timezone,
      onSuccess: doc.onSuccess,
      onFailure: doc.onFailure,
      enabled: doc.enabled,
    };
  const b = view(before);
  const a = view(after)!;
  const out: FieldChangeData[] = [];
  for (const key of Object.keys(a) as Array<keyof typeof a>) {
    if (JSON.stringify(b?.[key] ?? null) !== JSON.stringify(a[key] ?? null)) out.push({ path: key, before: b?.[key] ?? null, after: a[key] ?? null });
  }
  if (secretsChanged && !out.some((c) => c.path === 'secretHeaders')) out.push({ path: 'secretHeaders', before: null, after: '(changed)' });
  return out;
}

export type { ScheduleTrigger };
