import { ObjectId } from 'mongodb';
import type { Queue } from 'bullmq';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import type { EventBus } from '../../events/pubsub.js';
import { REPORT_DELIVERY, type ReportTickPayload } from '../../jobs/contract.js';
import { ensureScheduler, nextTick, pruneSchedulers } from '../../jobs/job-schedulers.js';
import type { MailOutbox } from '../../jobs/mail-outbox.js';
import type { Limiter } from '../../infra/rate-limit.js';
import type { Mailer } from '../../infra/mailer.js';
import { escapeHtml, Validator } from '../../shared/validate.js';
import { toGlobalId } from '../../shared/ids.js';
import { changedFields, fieldDiff, VersionedEntities } from '../access/versioned-entities.js';
import { initialAccess, principalKey } from '../access/access.model.js';
import { Scope } from '../access/scope.js';
import { userActor } from '../history/actor.js';
import type { HistoryService } from '../history/history.service.js';
import type { IdentityRepository } from '../identity/identity.repository.js';
import type { TeamRepository } from '../teams/team.repository.js';
import { cronTimes } from '../schedules/schedule.service.js';
import { ChartAccumulator, chartSpecsFor, renderChartPng, renderChartSvg } from './charts/index.js';
import { checkFilters, type ReportFilter } from './comparers.js';
import { EXPORT_FORMATS, exportContentType, exportFileName, writeExport, type ExportFormat, type ExportMeta } from './export/index.js';
import {
  ITEM_STATES,
  pageRows,
  REPORT_RUN_TYPE,
  REPORT_TYPE,
  ROWS_PER_PAGE,
  type ItemState,
  type PivotLevelSetting,
  type ReportDoc,
  type ReportKind,
  type ReportRunDoc,
  type ReportScheduleSetting,
  type ReportTrigger,
} from './report.model.js';
import { defaultColumns, PIVOT_LEVEL_DEFS, PIVOT_LEVELS, REPORT_TYPES, reportFieldsOf, type PivotLevel } from './report-fields.js';
import { ansibleLayoutOf, pivotRoot, planRun, type RunPlan } from './report-runner.js';
import type { ReportRepository } from './report.repository.js';
import type { Cell, ReportRow } from './report-table.js';
import { Writable as WritableStream } from 'node:stream';

const STORE = 'reports';
export const MAX_REPORTS = 1000;
export const MAX_REPORTS_PER_OWNER = 500;
/** Runs one person may have queued or running at once (runReport). */
export const MAX_UNFINISHED_RUNS = 10;
const MAX_COLUMNS = 60;
const SCHEDULER_PREFIX = 'report-schedule/';
/** E-mail attachments of one scheduled run, all told, at most: beyond, the e-mail links to the run instead. */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;
/** Charts drawn in a report's e-mail, at most. */
const MAIL_CHARTS = 4;

export interface PivotLevelInput {
  level: PivotLevel;
  enabled?: boolean | null;
  columns?: string[] | null;
  filters?: ReportFilter[] | null;
  state?: ItemState | null;
  required?: boolean | null;
}

export interface ReportScheduleInput {
  enabled?: boolean | null;
  intervalMinutes?: number | null;
  cron?: string | null;
  timezone?: string | null;
  formats?: ExportFormat[] | null;
  /** Global ids of users and teams. */
  recipients?: string[] | null;
}

export interface ReportInput {
  name?: string | null;
  description?: string | null;
  kind?: ReportKind | null;
  entity?: string | null;
  columns?: string[] | null;
  filters?: ReportFilter[] | null;
  state?: ItemState | null;
  levels?: PivotLevelInput[] | null;
  /** null removes the schedule. */
  schedule?: ReportScheduleInput | null;
}

/** A run started, moved or ended: who may read it (checked again when sent). */
export interface ReportRunEvent {
  runId: string;
  reportId: string;
  readers: string[];
}

export function reportSchedulerId(reportId: string): string {
  return `${SCHEDULER_PREFIX}${reportId}`;
}

type Definition = Pick<ReportDoc, 'kind' | 'entity' | 'columns' | 'filters' | 'state' | 'levels'>;

/**
 * Reports: single-entity tables and pivots through clients, systems,
 * applications and what they run on and use. A run is a job of the
 * `reports` queue, for one person and with their access: the worker walks
 * the inventory in batches, stores the rows a page at a time, counts the
 * charts, and reports its progress; a crashed run starts again from the
 * top and writes its pages in place, so no row is there twice.
 */
export class ReportService {
  private readonly entities: VersionedEntities<ReportDoc>;

  constructor(
    private readonly repo: ReportRepository,
    private readonly history: HistoryService,
    private readonly queue: Queue,
    private readonly events: EventBus,
    private readonly users: IdentityRepository,
    private readonly teams: TeamRepository,
    private readonly outbox: MailOutbox,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
    private readonly runLimiter: Limiter,
    private readonly retentionDays: number,
    private readonly minuteMs: number,
    private readonly publicUrl: string,
    /** A pause after each batch of a run: 0 but in tests that stop a worker mid-run. */
    private readonly batchPauseMs = 0,
  ) {
    this.entities = new VersionedEntities(repo, history, STORE, REPORT_TYPE, 'report');
  }

  get(scope: Scope, id: ObjectId): Promise<ReportDoc | null> {
    return this.repo.findById(scope, id);
  }

  load(scope: Scope, id: ObjectId, role: 'read' | 'write' | 'admin' = 'read'): Promise<ReportDoc> {
    return this.entities.load(scope, id, role);
  }

  list(scope: Scope): Promise<ReportDoc[]> {
    return this.repo.list(scope, MAX_REPORTS);
  }

  // Definitions.

  async create(scope: Scope, input: ReportInput): Promise<ReportDoc> {
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) throw new ForbiddenError('You have read-only access to this team workspace.');
    const clean = await this.validate(input, null);
    if ((await this.repo.countOwned(scope.creator)) >= MAX_REPORTS_PER_OWNER) throw new ConflictError(`At most ${MAX_REPORTS_PER_OWNER} reports per owner: delete some first.`);
    const now = new Date();
    const doc: ReportDoc = {
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

  async update(scope: Scope, id: ObjectId, input: ReportInput): Promise<ReportDoc> {
    const current = await this.entities.load(scope, id, 'write');
    const clean = await this.validate(input, current);
    const { doc } = await this.entities.change(scope, id, 'write', (before) => {
      if (!before.active) throw new ConflictError('This report is deleted.');
      const next: ReportDoc = { ...before, ...clean, nameLower: clean.name.toLowerCase() };
      const diff = fieldDiff(EDITABLE, before, next);
      if (diff.length === 0) return null;
      const set = changedFields(EDITABLE, before, next);
      if (set.name !== undefined) set.nameLower = next.nameLower;
      return { set, change: { operation: 'UPDATE', actor: userActor(scope), diff, readers: before.access.read } };
    });
    await this.sync(doc);
    return doc;
  }

  async delete(scope: Scope, id: ObjectId): Promise<ReportDoc> {
    const doc = await this.entities.softDelete(scope, id);
    await this.sync(doc);
    return doc;
  }

  private async validate(input: ReportInput, current: ReportDoc | null): Promise<Omit<ReportDoc, '_id' | 'nameLower' | 'active' | 'revision' | 'createdAt' | 'updatedAt' | 'createdBy' | 'owner' | 'grants' | 'access'>> {
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
    const kind = input.kind ?? current?.kind ?? 'SINGLE';
    if (current && input.kind && input.kind !== current.kind) v.add('input.kind', 'cannot change: make a new report');
    const state = input.state ?? current?.state ?? 'ACTIVE';
    if (!ITEM_STATES.includes(state)) v.add('input.state', `must be one of ${ITEM_STATES.join(', ')}`);
    let entity: string | null = null;
    let columns: string[] = [];
    let filters: ReportFilter[] = [];
    let levels: PivotLevelSetting[] = [];
    if (kind === 'SINGLE') {
      if (input.levels) v.add('input.levels', 'is for pivot reports only');
      entity = input.entity ?? current?.entity ?? null;
      if (!entity) v.add('input.entity', `is required: the type the report lists, one of ${REPORT_TYPES.join(', ')}`);
      else if (!REPORT_TYPES.includes(entity)) {
        v.add('input.entity', `must be one of ${REPORT_TYPES.join(', ')}`);
        entity = null;
      } else if (current && current.entity !== entity && (input.columns === undefined || input.filters === undefined)) {
        // Another type: the columns and filters of the old one mean nothing.
        if (input.columns === undefined) input = { ...input, columns: null };
        if (input.filters === undefined) input = { ...input, filters: [] };
      }
      if (entity) {
        const fields = reportFieldsOf(entity);
        columns = input.columns === undefined ? (current?.columns ?? defaultColumns(entity)) : (input.columns ?? defaultColumns(entity));
        columns = checkColumns(v, fields.map((f) => f.key), columns, 'input.columns');
        filters = input.filters === undefined ? (current?.filters ?? []) : checkFilters(v, fields, input.filters ?? [], 'input.filters');
      }
    } else {
      if (input.entity) v.add('input.entity', 'is for single-entity reports only: a pivot has levels');
      levels = checkLevels(v, input.levels === undefined ? null : input.levels, current?.levels ?? null);
    }
    const schedule = input.schedule === undefined ? (current?.schedule ?? null) : input.schedule === null ? null : await this.checkSchedule(v, input.schedule, current?.schedule ?? null);
    v.done();
    return { name, description, kind, entity, columns, filters, state, levels, schedule };
  }

  private async checkSchedule(v: Validator, input: ReportScheduleInput, current: ReportScheduleSetting | null): Promise<ReportScheduleSetting> {
    const base = 'input.schedule';
    const out: ReportScheduleSetting = {
      enabled: input.enabled ?? current?.enabled ?? true,
      intervalMinutes: input.intervalMinutes === undefined ? (current?.intervalMinutes ?? null) : input.intervalMinutes,
      cron: input.cron === undefined ? (current?.cron ?? null) : input.cron?.trim() || null,
      timezone: input.timezone === undefined ? (current?.timezone ?? null) : input.timezone?.trim() || null,
      formats: input.formats ?? current?.formats ?? ['CSV'],
      users: current?.users ?? [],
      teams: current?.teams ?? [],
    };
    if (input.cron !== undefined && input.cron && input.intervalMinutes === undefined) out.intervalMinutes = null;
    if (input.intervalMinutes !== undefined && input.intervalMinutes !== null && input.cron === undefined) out.cron = null;
    if ((out.intervalMinutes === null) === (out.cron === null)) v.add(base, 'needs either intervalMinutes or cron (one of them)');
    if (out.intervalMinutes !== null && (!Number.isInteger(out.intervalMinutes) || out.intervalMinutes < 5 || out.intervalMinutes > 90 * 24 * 60)) {
      v.add(`${base}.intervalMinutes`, 'must be a whole number of minutes from 5 to 129600 (90 days)');
    }
    if (out.cron) {
      try {
        if (out.timezone) new Intl.DateTimeFormat('en', { timeZone: out.timezone });
      } catch {
        v.add(`${base}.timezone`, 'must be a time zone name, like Europe/Paris or UTC');
      }
      try {
        // A report reads much of the inventory, once per recipient: at most every 5 minutes, like an interval.
        const times = cronTimes(out.cron, out.timezone ?? 'UTC', 12);
        if (times.some((t, i) => i > 0 && t.getTime() - times[i - 1]!.getTime() < 5 * 60_000)) v.add(`${base}.cron`, 'must not run a report more often than every 5 minutes');
      } catch (error) {
        v.add(`${base}.cron`, `is not a cron expression (minute hour day month weekday): ${(error as Error).message}`);
      }
      out.timezone ??= 'UTC';
    } else {
      out.timezone = null;
    }
    if (out.formats.length === 0) v.add(`${base}.formats`, 'must name at least one format to attach');
    out.formats = [...new Set(out.formats)];
    for (const [i, f] of out.formats.entries()) if (!EXPORT_FORMATS.includes(f)) v.add(`${base}.formats.${i}`, `must be one of ${EXPORT_FORMATS.join(', ')}`);
    if (input.recipients !== undefined && input.recipients !== null) {
      if (input.recipients.length > 100) v.add(`${base}.recipients`, 'must hold at most 100 users and teams');
      const users: string[] = [];
      const teams: string[] = [];
      input.recipients.forEach((id, i) => {
        const decoded = /^(User|Team):([0-9a-f]{24})$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
        if (!decoded) v.add(`${base}.recipients.${i}`, 'must be the id of a User or a Team');
        else (decoded[1] === 'User' ? users : teams).push(decoded[2]!);
      });
      const [foundUsers, foundTeams] = await Promise.all([
        this.users.findUsersByIds(users.map((id) => new ObjectId(id))),
        this.teams.findByIds(teams.map((id) => new ObjectId(id))),
      ]);
      const known = new Set([...foundUsers.map((u) => u._id.toHexString()), ...foundTeams.map((t) => t._id.toHexString())]);
      input.recipients.forEach((id, i) => {
        const hex = /:([0-9a-f]{24})$/.exec(Buffer.from(id, 'base64url').toString('utf8'))?.[1];
        if (hex && !known.has(hex)) v.add(`${base}.recipients.${i}`, 'names no user or team');
      });
      out.users = [...new Set(users)];
      out.teams = [...new Set(teams)];
    }
    if (out.enabled && out.users.length + out.teams.length === 0) v.add(`${base}.recipients`, 'must name at least one user or team to e-mail the result to');
    return out;
  }

  // Runs.

  /** Queues a run of the report for the caller, with their access; returns it at once (QUEUED). */
  async run(scope: Scope, id: ObjectId): Promise<ReportRunDoc> {
    await this.runLimiter.consume(scope.userId);
    const report = await this.entities.load(scope, id, 'read');
    if (!report.active) throw new ConflictError('This report is deleted.');
    if ((await this.repo.countUnfinished(principalKey('user', scope.userId))) >= MAX_UNFINISHED_RUNS) {
      throw new ConflictError(`You have ${MAX_UNFINISHED_RUNS} report runs queued or running: wait for one to end, or cancel one.`);
    }
    return this.queueRun(report, { userId: scope.userId, workspaceTeamId: scope.workspaceTeamId }, 'MANUAL', null);
  }

  private async queueRun(report: ReportDoc, runAs: ReportRunDoc['runAs'], trigger: ReportTrigger, mail: ReportRunDoc['mail'], jobId?: string): Promise<ReportRunDoc> {
    const now = new Date();
    const run: ReportRunDoc = {
      _id: new ObjectId(),
      reportId: report._id.toHexString(),
      reportRevision: report.revision,
      name: report.name,
      definition: { kind: report.kind, entity: report.entity, columns: report.columns, filters: report.filters, state: report.state, levels: report.levels },
      runAs,
      readers: [principalKey('user', runAs.userId)],
      trigger,
      status: 'QUEUED',
      cancelRequested: false,
      progress: { done: 0, total: 0 },
      rowCount: 0,
      pageCount: 0,
      columns: [],
      charts: [],
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      error: null,
      attempts: 0,
      expiresAt: this.expiry(now),
      mail,
    };
    await this.repo.insertRun(run);
    await this.queue.add('reportRun', { runId: run._id.toHexString() }, { ...REPORT_DELIVERY, jobId: jobId ?? `report-run/${run._id.toHexString()}` });
    this.publish(run);
    return run;
  }

  private expiry(from: Date): Date {
    return new Date(from.getTime() + this.retentionDays * 86_400_000);
  }

  /** A run the caller may read (their own), or NOT_FOUND. */
  async getRun(scope: Scope, runId: ObjectId): Promise<ReportRunDoc> {
    const run = await this.repo.findRunFor(runId, principalKey('user', scope.userId));
    if (!run) throw new NotFoundError('No such report run, or you cannot see it.');
    return run;
  }

  findRun(scope: Scope, runId: ObjectId): Promise<ReportRunDoc | null> {
    return this.repo.findRunFor(runId, principalKey('user', scope.userId));
  }

  runsOf(scope: Scope, report: ReportDoc, first: number): Promise<ReportRunDoc[]> {
    return this.repo.runsOf(report._id.toHexString(), principalKey('user', scope.userId), first);
  }

  lastGoodRun(scope: Scope, reportId: string): Promise<ReportRunDoc | null> {
    return this.repo.lastGoodRun(reportId, principalKey('user', scope.userId));
  }

  /** Cancels a queued or running run of the caller's: a queued one at once, a running one at its next page. */
  async cancel(scope: Scope, runId: ObjectId): Promise<ReportRunDoc> {
    const run = await this.getRun(scope, runId);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') throw new ConflictError(`This run has already ended (${run.status}).`);
    const asked = await this.repo.requestCancel(runId);
    if (!asked) return (await this.repo.findRun(runId))!;
    // A run no worker holds yet is ended here; a running one stops at its next page.
    const job = await this.queue.getJob(`report-run/${runId.toHexString()}`);
    const state = job ? await job.getState() : 'unknown';
    if (!job || state === 'waiting' || state === 'delayed' || state === 'prioritized') {
      await job?.remove().catch(() => undefined);
      const ended = await this.repo.finishRun(runId, { status: 'CANCELLED', finishedAt: new Date(), error: null });
      if (ended) {
        await this.repo.dropPagesFrom(runId, 0);
        this.publish(ended);
        return ended;
      }
    }
    this.publish(asked);
    return (await this.repo.findRun(runId)) ?? asked;
  }

  /** Rows `offset` to `offset + first` of a run, read from its pages: cells in the order of its columns. */
  async rows(run: ReportRunDoc, offset: number, first: number): Promise<Cell[][]> {
    if (first === 0 || offset >= run.rowCount) return [];
    const from = Math.floor(offset / ROWS_PER_PAGE);
    const to = Math.floor((Math.min(offset + first, run.rowCount) - 1) / ROWS_PER_PAGE);
    const pages = await this.repo.pages(run._id, from, to);
    return pages.flatMap(pageRows).slice(offset - from * ROWS_PER_PAGE, offset - from * ROWS_PER_PAGE + first);
  }

  /** Every row of a run, a page at a time (an export's source). */
  async *allRows(run: ReportRunDoc): AsyncGenerator<ReportRow> {
    const cursor = this.repo.pageCursor(run._id);
    try {
      const keys = run.columns.map((c) => c.key);
      for await (const page of cursor) {
        for (const cells of pageRows(page)) yield Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? null])) as ReportRow;
      }
    } finally {
      await cursor.close();
    }
  }

  /** Writes a run's rows in a format to `out`, streamed. */
  async export(run: ReportRunDoc, format: ExportFormat, out: Writable): Promise<void> {
    if (run.status !== 'SUCCEEDED') throw new ConflictError(`Only a finished run exports: this one is ${run.status}.`);
    const meta = this.exportMeta(run, format);
    if ((format === 'ANSIBLE_INI' || format === 'ANSIBLE_YAML') && !meta.ansible) {
      throw new InputError('An Ansible inventory needs servers by hostname: add the server level (pivot) or list servers with their hostname.', [{ path: 'format', message: 'needs a hostname column of servers' }]);
    }
    await writeExport(format, meta, this.allRows(run), out);
  }

  exportMeta(run: ReportRunDoc, format: ExportFormat): ExportMeta {
    return {
      title: run.name,
      generatedAt: run.finishedAt ?? run.createdAt,
      rowCount: run.rowCount,
      columns: run.columns,
      charts: format === 'PDF' ? run.charts.filter((c) => c.total > 0).slice(0, 6).map((c) => ({ title: c.title, svg: renderChartSvg(c) })) : [],
      info: describeRun(run),
      ansible: ansibleLayoutOf(run.columns),
    };
  }

  fileName(run: ReportRunDoc, format: ExportFormat): string {
    return exportFileName(run.name, format);
  }

  contentType(format: ExportFormat): string {
    return exportContentType(format);
  }

  // The worker's side.

  /** What a run of `definition` computes for `scope`, relative dates from `now`: its columns and rows. */
  plan(scope: Scope, definition: Definition, now = new Date()): RunPlan {
    return planRun(this.repo, scope, definition, now);
  }

  /**
   * Computes a run: the rows a batch at a time, each page stored in place as
   * it fills, progress after each batch (where a cancel is noticed). Safe to
   * run again after a crash: it starts over and overwrites its pages.
   */
  async execute(runId: ObjectId, final: boolean): Promise<ReportRunDoc | null> {
    const startedAt = new Date();
    const run = await this.repo.startRun(runId, startedAt, this.expiry(startedAt));
    if (!run) {
      // Cancelled before it started (or ended already): a cancel asked while its job was being taken ends it here.
      const ended = await this.repo.finishRun(runId, { status: 'CANCELLED', finishedAt: startedAt, durationMs: 0 });
      if (ended) this.publish(ended);
      return ended ?? this.repo.findRun(runId);
    }
    this.publish(run);
    try {
      const scope = await this.scopeOf(run);
      const plan = planRun(this.repo, scope, run.definition, startedAt);
      // The count (for the progress bar) runs beside the first batch's read rather than before it.
      const counted = plan.total();
      counted.catch(() => undefined);
      let total = 0;
      const charts = new ChartAccumulator(chartSpecsFor(plan.columns));
      const keys = plan.columns.map((c) => c.key);
      let buffer: Cell[][] = [];
      let page = 0;
      let rowCount = 0;
      let lastPublish = 0;
      let cancelled = false;
      const flush = async () => {
        await this.repo.writePage(runId, page, buffer);
        page += 1;
        buffer = [];
      };
      for await (const batch of plan.batches()) {
        for (const row of batch.rows) {
          charts.add(row);
          buffer.push(keys.map((k) => row[k] ?? null));
          rowCount += 1;
          if (buffer.length === ROWS_PER_PAGE) await flush();
        }
        total = await counted;
        if (!(await this.repo.setProgress(runId, { done: batch.done, total: Math.max(total, batch.done) }, rowCount - buffer.length, page))) {
          cancelled = true;
          break;
        }
        if (this.batchPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.batchPauseMs));
        if (Date.now() - lastPublish > 250) {
          lastPublish = Date.now();
          this.publish({ ...run, status: 'RUNNING' });
        }
      }
      if (cancelled) {
        await this.repo.dropPagesFrom(runId, 0);
        const ended = await this.repo.finishRun(runId, { status: 'CANCELLED', finishedAt: new Date(), durationMs: Date.now() - startedAt.getTime(), rowCount: 0, pageCount: 0 });
        if (ended) this.publish(ended);
        return ended;
      }
      if (buffer.length > 0) await flush();
      total = await counted;
      // An earlier attempt may have written further: those pages go.
      await this.repo.dropPagesFrom(runId, page);
      const finishedAt = new Date();
      const ended = await this.repo.finishRun(runId, {
        status: 'SUCCEEDED',
        columns: plan.columns,
        charts: charts.result(),
        rowCount,
        pageCount: page,
        progress: { done: total, total },
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        error: null,
      });
      if (ended) {
        this.publish(ended);
        if (ended.mail) await this.outbox.post('reportMail', { runId: runId.toHexString() }, runId.toHexString());
      }
      return ended;
    } catch (error) {
      const problem = error instanceof InputError || error instanceof ForbiddenError ? error.message : 'The run failed: the inventory could not be read. It will be tried again.';
      this.logger.warn({ run: runId.toHexString(), err: error }, 'report run failed');
      if (!final && !(error instanceof InputError || error instanceof ForbiddenError)) throw error;
      const ended = await this.repo.finishRun(runId, { status: 'FAILED', error: problem.replace(' It will be tried again.', ''), finishedAt: new Date(), durationMs: Date.now() - startedAt.getTime() });
      if (ended) this.publish(ended);
      return ended;
    }
  }

  /** The run's person as of now: their teams, and their workspace if they are still in it. */
  private async scopeOf(run: ReportRunDoc): Promise<Scope> {
    const [user] = await this.users.findUsersByIds([new ObjectId(run.runAs.userId)]);
    if (!user) throw new ForbiddenError('The person this run is for no longer has an account.');
    const teams = await this.teams.membershipsOf(run.runAs.userId);
    const workspace = run.runAs.workspaceTeamId && teams.has(run.runAs.workspaceTeamId) ? run.runAs.workspaceTeamId : null;
    const scope = new Scope(run.runAs.userId, teams, workspace);
    // They must still read the report itself.
    if (!(await this.repo.findById(scope, new ObjectId(run.reportId)))) throw new ForbiddenError('The person this run is for can no longer read the report.');
    return scope;
  }

  /** Runs past their retention go, with their rows; the last good run of each report and person stays. */
  async prune(now = new Date()): Promise<number> {
    let deleted = 0;
    for (;;) {
      const runs = await this.repo.expiredRuns(now, 200);
      const ids = runs.map((r) => r._id);
      if (ids.length === 0) return deleted;
      await this.repo.deleteRuns(ids);
      deleted += ids.length;
      if (runs.length < 200) return deleted;
    }
  }

  private publish(run: ReportRunDoc): void {
    this.events.publish('reportRunChanged', { runId: run._id.toHexString(), reportId: run.reportId, readers: run.readers });
  }

  // Schedules.

  /** When the report's schedule runs next; null when it has none or is paused. */
  nextRunAt(report: ReportDoc): Promise<Date | null> {
    return nextTick(this.queue, reportSchedulerId(report._id.toHexString()));
  }

  /** Makes the report's job scheduler what its schedule says. Idempotent. */
  async sync(doc: ReportDoc): Promise<void> {
    const id = reportSchedulerId(doc._id.toHexString());
    const s = doc.schedule;
    if (!doc.active || !s || !s.enabled) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    const payload: ReportTickPayload = { reportId: doc._id.toHexString() };
    const timing = s.cron ? { pattern: s.cron, tz: s.timezone ?? 'UTC' } : { every: (s.intervalMinutes ?? 1440) * this.minuteMs };
    await ensureScheduler(this.queue, id, timing, { name: 'reportTick', data: payload });
  }

  async syncAll(): Promise<void> {
    const keep = new Set<string>();
    for (const doc of await this.repo.scheduled()) {
      await this.sync(doc);
      if (doc.active && doc.schedule?.enabled) keep.add(reportSchedulerId(doc._id.toHexString()));
    }
    await pruneSchedulers(this.queue, SCHEDULER_PREFIX, keep);
  }

  /**
   * A tick of a report's schedule: one run for each person it goes to (the
   * users named, the members of the teams named) who can read the report
   * now, each with their own access, e-mailed once it succeeds. One run per
   * person and tick, whatever the retries (the run's job id says so).
   */
  async tick(tickId: string, payload: ReportTickPayload): Promise<number> {
    const report = await this.repo.findAny(new ObjectId(payload.reportId));
    if (!report || !report.active || !report.schedule || (!payload.manual && !report.schedule.enabled)) {
      if (report) await this.sync(report);
      return 0;
    }
    const s = report.schedule;
    const teams = await this.teams.findByIds(s.teams.map((id) => new ObjectId(id)));
    const people = [...new Set([...s.users, ...teams.flatMap((t) => t.memberIds)])];
    let runs = 0;
    for (const userId of people) {
      const scope = new Scope(userId, await this.teams.membershipsOf(userId));
      if (!(await this.repo.findById(scope, report._id))) continue;
      const jobId = `report-tick/${tickId}/${userId}`.replaceAll(':', '_');
      if (await this.queue.getJob(jobId)) continue;
      await this.queueRun(report, { userId, workspaceTeamId: null }, 'SCHEDULE', { formats: s.formats }, jobId);
      runs += 1;
    }
    return runs;
  }

  /** "Run now" of a report's schedule (WRITE): a tick at once, a run and an e-mail for each recipient. Returns the tick's job id. */
  async runScheduleNow(scope: Scope, id: ObjectId): Promise<string> {
    await this.runLimiter.consume(scope.userId);
    const report = await this.entities.load(scope, id, 'write');
    if (!report.active) throw new ConflictError('This report is deleted.');
    if (!report.schedule) throw new ConflictError('This report has no schedule.');
    const jobId = `manual/${report._id.toHexString()}/${new ObjectId().toHexString()}`;
    await this.queue.add('reportTick', { reportId: report._id.toHexString(), manual: true }, { jobId, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
    return jobId;
  }

  /** The caller's newest run of the report made by its schedule. */
  lastScheduledRun(scope: Scope, report: ReportDoc): Promise<ReportRunDoc | null> {
    return this.repo.lastRunBy(report._id.toHexString(), principalKey('user', scope.userId), 'SCHEDULE');
  }

  /** The e-mail of a scheduled run: its exports attached (or a link, when they are too big). */
  async sendRunMail(runId: string): Promise<{ sent: boolean }> {
    const run = await this.repo.findRun(new ObjectId(runId));
    if (!run || run.status !== 'SUCCEEDED' || !run.mail) return { sent: false };
    const [user] = await this.users.findUsersByIds([new ObjectId(run.runAs.userId)]);
    if (!user) return { sent: false };
    const link = `${this.publicUrl}/reports/runs/${toGlobalId(REPORT_RUN_TYPE, run._id)}`;
    const attachments: Array<{ filename: string; content: Buffer; contentType: string; cid?: string }> = [];
    let bytes = 0;
    let tooBig = false;
    for (const format of run.mail.formats) {
      const meta = this.exportMeta(run, format);
      if ((format === 'ANSIBLE_INI' || format === 'ANSIBLE_YAML') && !meta.ansible) continue;
      const content = await toBuffer((out) => writeExport(format, meta, this.allRows(run), out), MAX_MAIL_BYTES - bytes);
      if (!content) {
        tooBig = true;
        break;
      }
      bytes += content.length;
      attachments.push({ filename: exportFileName(run.name, format), content, contentType: exportContentType(format) });
    }
    // The charts the dashboard and the PDF show, as pictures in the e-mail's HTML body.
    const charts = run.charts.filter((c) => c.total > 0).slice(0, MAIL_CHARTS);
    charts.forEach((chart, i) => attachments.push({ filename: `chart-${i + 1}.png`, content: renderChartPng(chart), contentType: 'image/png', cid: `chart-${i + 1}@maestro` }));
    const when = (run.finishedAt ?? run.createdAt).toISOString();
    const html = [
      `<p>Hello ${escapeHtml(user.name)},</p>`,
      `<p>The report <strong>${escapeHtml(run.name)}</strong> ran at ${when} and found ${run.rowCount} rows.</p>`,
      tooBig ? `<p>Its exports are over ${MAX_MAIL_BYTES / 1024 / 1024} MB, too big to attach: download them from the run.</p>` : '',
      ...charts.map((chart, i) => `<p><img src="cid:chart-${i + 1}@maestro" alt="${escapeHtml(chart.title)}" width="640" height="360"></p>`),
      `<p><a href="${escapeHtml(link)}">See it in Maestro</a></p>`,
    ].join('\n');
    await this.mailer.send({
      to: user.email,
      subject: `Maestro report: ${run.name} (${run.rowCount} rows)`,
      html,
      text: [
        `Hello ${user.name},`,
        '',
        `The report "${run.name}" ran at ${(run.finishedAt ?? run.createdAt).toISOString()} and found ${run.rowCount} rows.`,
        tooBig ? `Its exports are over ${MAX_MAIL_BYTES / 1024 / 1024} MB, too big to attach: download them from the run.` : `Attached: ${attachments.map((a) => a.filename).join(', ') || 'nothing (no format fits this report)'}.`,
        '',
        `See it in Maestro: ${link}`,
      ].join('\n'),
      attachments: tooBig ? attachments.filter((a) => a.cid) : attachments,
    });
    return { sent: true };
  }
}

const EDITABLE = ['name', 'description', 'kind', 'entity', 'columns', 'filters', 'state', 'levels', 'schedule'] as const;


function checkColumns(v: Validator, keys: readonly string[], columns: readonly string[], path: string): string[] {
  if (columns.length === 0) v.add(path, 'must name at least one column');
  if (columns.length > MAX_COLUMNS) v.add(path, `must name at most ${MAX_COLUMNS} columns`);
  columns.forEach((c, i) => {
    if (!keys.includes(c)) v.add(`${path}.${i}`, `is not a field of this type: one of ${keys.join(', ')}`);
  });
  return [...new Set(columns)];
}

function checkLevels(v: Validator, input: PivotLevelInput[] | null, current: PivotLevelSetting[] | null): PivotLevelSetting[] {
  const base = 'input.levels';
  const given = new Map<PivotLevel, { input: PivotLevelInput; index: number }>();
  (input ?? []).forEach((l, index) => {
    if (!PIVOT_LEVELS.includes(l.level)) v.add(`${base}.${index}.level`, `must be one of ${PIVOT_LEVELS.join(', ')}`);
    else if (given.has(l.level)) v.add(`${base}.${index}.level`, `names ${l.level} twice`);
    else given.set(l.level, { input: l, index });
  });
  const levels = PIVOT_LEVELS.map((level): PivotLevelSetting => {
    const now = current?.find((c) => c.level === level);
    const g = given.get(level);
    const type = PIVOT_LEVEL_DEFS[level].type;
    const fields = reportFieldsOf(type);
    const enabled = g?.input.enabled ?? now?.enabled ?? (current ? false : level === 'CLIENT' || level === 'SYSTEM' || level === 'APPLICATION' || level === 'SERVER');
    const path = `${base}.${g?.index ?? 0}`;
    const columns = g?.input.columns === undefined || g.input.columns === null ? (now?.columns ?? []) : (g.input.columns.length === 0 ? [] : checkColumns(v, fields.map((f) => f.key), g.input.columns, `${path}.columns`));
    const filters = g?.input.filters === undefined || g.input.filters === null ? (now?.filters ?? []) : checkFilters(v, fields, g.input.filters, `${path}.filters`);
    const state = g?.input.state ?? now?.state ?? 'ACTIVE';
    return { level, enabled, columns: columns.filter((c) => fields.some((f) => f.key === c)), filters, state, required: g?.input.required ?? (g?.input.filters ? filters.length > 0 : (now?.required ?? filters.length > 0)) };
  });
  const root = pivotRoot(levels);
  if (!root) v.add(base, 'must switch at least one level on');
  const leaves = levels.filter((l) => l.enabled && PIVOT_LEVEL_DEFS[l.level].parent === 'APPLICATION');
  if (root && PIVOT_LEVEL_DEFS[root].parent === 'APPLICATION' && leaves.length > 1) {
    v.add(base, 'servers, databases and load balancers hang under applications: with more than one of them on, switch on APPLICATION or a level above it');
  }
  return levels;
}

/** Lines that say what a run is: for the PDF's first page and the spreadsheet's Info sheet. */
export function describeRun(run: ReportRunDoc): Array<[string, string]> {
  const d = run.definition;
  const filterText = (filters: ReportFilter[]) =>
    filters.map((f) => `${f.field} ${f.comparer.toLowerCase().replaceAll('_', ' ')} ${[f.text, f.values?.join(', '), f.number, f.numberTo, f.date?.toISOString?.(), f.dateTo?.toISOString?.(), f.days].filter((x) => x !== null && x !== undefined).join(' … ')}`.trim()).join('; ');
  const lines: Array<[string, string]> = [
    ['Report', run.name],
    ['Kind', d.kind === 'SINGLE' ? `${d.entity} list` : 'Pivot'],
  ];
  if (d.kind === 'SINGLE') {
    lines.push(['Items', d.state.toLowerCase()]);
    if (d.filters.length > 0) lines.push(['Filters', filterText(d.filters)]);
  } else {
    for (const l of d.levels.filter((x) => x.enabled)) lines.push([PIVOT_LEVEL_DEFS[l.level].label, l.filters.length > 0 ? filterText(l.filters) : 'all']);
  }
  lines.push(['Rows', String(run.rowCount)], ['Finished', (run.finishedAt ?? run.createdAt).toISOString()]);
  if (run.durationMs !== null) lines.push(['Took', `${(run.durationMs / 1000).toFixed(1)} s`]);
  return lines;
}

/** What `write` writes, in memory, or null once it passes `limit` bytes. */
async function toBuffer(write: (out: Writable) => Promise<unknown>, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const out = new WritableStream({
    write(chunk: Buffer | string, _encoding, callback) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > limit) {
        over = true;
        callback(new Error('too big'));
        return;
      }
      chunks.push(b);
      callback();
    },
  });
  try {
    await write(out);
  } catch (error) {
    if (!over) throw error;
  }
  return over ? null : Buffer.concat(chunks);
}
