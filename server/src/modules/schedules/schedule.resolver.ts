import type { ReportDoc } from '../reports/report.model.js';
import { Report, toReport } from '../reports/report.type.js';
import { filter, pipe } from '@graphql-yoga/subscription';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { ConflictError, InputError } from '../../graphql/errors.js';
import { toGlobalId } from '../../shared/ids.js';
import { ObjectId } from 'mongodb';
import { AccessGrant, Principal } from '../access/access.type.js';
import { grantsOf, myRoleOn, ownerOf } from '../access/access-fields.js';
import { RoleEnum } from '../access/role.enum.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';
import type { ConnectionDoc } from '../discovery/connection.model.js';
import { Connection, toConnection } from '../discovery/connection.type.js';
import { DISCOVERY_RUN_TYPE } from '../discovery/discovery-run.model.js';
import type { ScheduleDoc, ScheduleRunStatus } from './schedule.model.js';
import { cronTimes, MAX_SCHEDULES, type ScheduleRunEvent } from './schedule.service.js';
import {
  Schedule,
  ScheduleInput,
  ScheduleRun,
  ScheduleRunStatusEnum,
  ScheduleTargetEnum,
  scheduleRef,
  toDiscoverySchedule,
  toReportSchedule,
  toSchedule,
  toScheduleRun,
  type ScheduleTarget,
} from './schedule.type.js';

@Resolver(() => Schedule)
export class ScheduleResolver {
  @Query(() => [Schedule], {
    description:
      'The schedules you can read: HTTP schedules by name (at most 1,000; deleted ones left out), then the discovery schedules of the connections you can read (one per kind), then the schedules of the reports you can read.',
  })
  async schedules(@Ctx() ctx: GraphQLContext, @Arg('target', () => ScheduleTargetEnum, { nullable: true }) target?: ScheduleTarget | null): Promise<Schedule[]> {
    const scope = await ctx.auth.scope();
    const http = target === 'DISCOVERY' ? [] : (await ctx.services.schedules.list(scope)).map(toSchedule);
    const connections = target === 'HTTP' || target === 'REPORT' ? [] : (await ctx.services.connections.list(scope, MAX_SCHEDULES, null)).items;
    const reports = target === 'HTTP' || target === 'DISCOVERY' ? [] : (await ctx.services.reports.list(scope)).filter((r) => r.schedule);
    return [...(target === 'REPORT' ? [] : http), ...connections.flatMap((c) => c.kinds.map((k) => toDiscoverySchedule(c, k))), ...reports.map(toReportSchedule)];
  }

  @Query(() => Schedule, { nullable: true, description: 'One schedule; null when it does not exist or you cannot see it.' })
  async schedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Schedule | null> {
    return scheduleById(ctx, id);
  }

  @Query(() => [Date], { description: 'The next run times (up to 10) of a cron expression in a time zone (UTC by default): what an editor shows before saving. BAD_USER_INPUT, in words, for an expression that is not one.' })
  async cronPreview(
    @Arg('cron', () => String) cron: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('timezone', () => String, { nullable: true }) timezone?: string | null,
    @Arg('count', () => Int, { defaultValue: 5 }) count = 5,
  ): Promise<Date[]> {
    await ctx.auth.scope();
    if (!Number.isInteger(count) || count < 1 || count > 10) throw new InputError('count must be 1 to 10.', [{ path: 'count', message: 'must be 1 to 10' }]);
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone ?? 'UTC' });
    } catch {
      throw new InputError('timezone is not a time zone.', [{ path: 'timezone', message: 'must be a time zone name, like Europe/Paris or UTC' }]);
    }
    try {
      return cronTimes(cron.trim(), timezone ?? 'UTC', count);
    } catch (error) {
      throw new InputError(`cron is not a cron expression: ${(error as Error).message}`, [{ path: 'cron', message: `is not a cron expression (minute hour day month weekday): ${(error as Error).message}` }]);
    }
  }

  @Mutation(() => Schedule, { description: 'Creates an HTTP schedule; you (or your workspace team) become its admin.' })
  async createSchedule(@Arg('input', () => ScheduleInput) input: ScheduleInput, @Ctx() ctx: GraphQLContext): Promise<Schedule> {
    return toSchedule(await ctx.services.schedules.create(await ctx.auth.scope(), input));
  }

  @Mutation(() => Schedule, {
    description:
      'Changes the fields given. Needs WRITE (on the connection, for a discovery schedule: its intervalMinutes and enabled only, which change the connection’s kind, in its history).',
  })
  async updateSchedule(@Arg('id', () => ID) id: string, @Arg('input', () => ScheduleInput) input: ScheduleInput, @Ctx() ctx: GraphQLContext): Promise<Schedule> {
    const scope = await ctx.auth.scope();
    const ref = scheduleRef(id);
    if (ref.target === 'HTTP') return toSchedule(await ctx.services.schedules.update(scope, ref.id, input));
    if (ref.target === 'REPORT') {
      const other = Object.entries(input).filter(([field, value]) => value !== undefined && !['intervalMinutes', 'cron', 'timezone', 'enabled'].includes(field));
      if (other.length > 0) {
        throw new InputError(
          'A report’s schedule takes intervalMinutes, cron, timezone and enabled only (its formats and recipients: updateReport).',
          other.map(([field]) => ({ path: `input.${field}`, message: 'is not for a report’s schedule: it takes intervalMinutes, cron, timezone and enabled only' })),
        );
      }
      const { intervalMinutes, cron, timezone, enabled } = input;
      const report = await ctx.services.reports.update(scope, ref.reportId, { schedule: { intervalMinutes, cron, timezone, enabled } });
      return toReportSchedule(report);
    }
    const other = Object.entries(input).filter(([field, value]) => value !== undefined && field !== 'intervalMinutes' && field !== 'enabled');
    if (other.length > 0) {
      throw new InputError(
        'A discovery schedule takes intervalMinutes and enabled only.',
        other.map(([field]) => ({ path: `input.${field}`, message: 'is not for a discovery schedule: it takes intervalMinutes and enabled only' })),
      );
    }
    const current = await ctx.services.connections.require(scope, ref.connectionId, 'write');
    const setting = current.kinds.find((k) => k.kind === ref.kind)!;
    const connection = await ctx.services.connections.update(scope, ref.connectionId, {
      kinds: [{ kind: ref.kind, enabled: input.enabled ?? setting.enabled, intervalMinutes: input.intervalMinutes ?? setting.intervalMinutes }],
    });
    return toDiscoverySchedule(connection, connection.kinds.find((k) => k.kind === ref.kind)!);
  }

  @Mutation(() => Schedule, { description: 'Soft delete of an HTTP schedule: no more runs. Needs ADMIN. A discovery schedule goes with its connection: switch its kind off (enabled: false) or delete the connection.' })
  async deleteSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Schedule> {
    const scope = await ctx.auth.scope();
    const ref = scheduleRef(id);
    if (ref.target === 'DISCOVERY') {
      await ctx.services.connections.require(scope, ref.connectionId, 'read');
      throw new ConflictError('A discovery schedule goes with its connection: switch its kind off (enabled: false), or delete the connection.');
    }
    if (ref.target === 'REPORT') {
      await ctx.services.reports.load(scope, ref.reportId, 'read');
      throw new ConflictError('A report’s schedule goes with its report: switch it off (enabled: false), or remove it with updateReport (schedule: null).');
    }
    return toSchedule(await ctx.services.schedules.delete(scope, ref.id));
  }

  @Mutation(() => ID, {
    description: 'Runs the schedule now, whatever its timing. Needs WRITE. Returns the id of the run to come: a ScheduleRun (see runs and scheduleRunChanged), a DiscoveryRun for a discovery schedule, or for a report the id of the job that queues a run for each recipient (see reportRunChanged).',
  })
  async runSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    const scope = await ctx.auth.scope();
    const ref = scheduleRef(id);
    if (ref.target === 'HTTP') return ctx.services.schedules.runNow(scope, ref.id);
    if (ref.target === 'REPORT') return ctx.services.reports.runScheduleNow(scope, ref.reportId);
    const run = await ctx.services.discoveryRuns.start(scope, ref.connectionId, [ref.kind], null);
    return toGlobalId(DISCOVERY_RUN_TYPE, run._id);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When it runs next; null while it is paused.' })
  async nextRunAt(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    if (schedule.discovery) return ctx.services.discoverySchedules.nextTick(schedule.discovery.connection._id.toHexString(), schedule.discovery.setting.kind);
    if (schedule.reportDoc) return schedule.enabled && schedule.active ? ctx.services.reports.nextRunAt(schedule.reportDoc) : null;
    return ctx.services.schedules.nextRunAt(schedule.doc as ScheduleDoc);
  }

  @FieldResolver(() => [Date], { description: 'Its next run times (up to 10), for the schedule as it is; empty while it is paused.' })
  async nextRuns(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext, @Arg('count', () => Int, { defaultValue: 5 }) count: number): Promise<Date[]> {
    if (!Number.isInteger(count) || count < 1 || count > 10) throw new InputError('count must be 1 to 10.', [{ path: 'count', message: 'must be 1 to 10' }]);
    if (!schedule.active || !schedule.enabled) return [];
    if (schedule.cron) return cronTimes(schedule.cron, schedule.timezone, count);
    const next = await this.nextRunAt(schedule, ctx);
    if (!next) return [];
    const every = (schedule.intervalMinutes ?? 60) * ctx.services.schedules.minuteLength;
    return Array.from({ length: count }, (_, i) => new Date(next.getTime() + i * every));
  }

  @FieldResolver(() => ScheduleRun, { nullable: true, description: 'An HTTP schedule’s newest run; null for discovery (see lastOutcome, and the connection’s runs).' })
  async lastRun(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<ScheduleRun | null> {
    if (schedule.discovery || schedule.reportDoc) return null;
    const [run] = await ctx.services.schedules.recentRuns(schedule.doc as ScheduleDoc, 1);
    return run ? toScheduleRun(run) : null;
  }

  @FieldResolver(() => ScheduleRunStatusEnum, { nullable: true, description: 'How its newest run went (for discovery: FAILED when some region failed); null until it has run.' })
  async lastOutcome(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<ScheduleRunStatus | null> {
    if (schedule.discovery) return (await ctx.services.discoveryRuns.lastOfKind(schedule.discovery.connection, schedule.discovery.setting.kind))?.status ?? null;
    if (schedule.reportDoc) {
      const run = await ctx.services.reports.lastScheduledRun(await ctx.auth.scope(), schedule.reportDoc);
      if (!run) return null;
      return run.status === 'QUEUED' || run.status === 'RUNNING' ? 'RUNNING' : run.status === 'CANCELLED' ? 'SKIPPED' : run.status;
    }
    const [run] = await ctx.services.schedules.recentRuns(schedule.doc as ScheduleDoc, 1);
    return run?.status ?? null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When its newest run started; null until it has run.' })
  async lastRunAt(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    if (schedule.discovery) return (await ctx.services.discoveryRuns.lastOfKind(schedule.discovery.connection, schedule.discovery.setting.kind))?.at ?? null;
    if (schedule.reportDoc) return (await ctx.services.reports.lastScheduledRun(await ctx.auth.scope(), schedule.reportDoc))?.createdAt ?? null;
    const [run] = await ctx.services.schedules.recentRuns(schedule.doc as ScheduleDoc, 1);
    return run?.startedAt ?? null;
  }

  @FieldResolver(() => Report, { nullable: true, description: 'A report’s schedule: the report (its runs for you: Report.runs).' })
  report(@Root() schedule: Schedule): Report | null {
    return schedule.reportDoc ? toReport(schedule.reportDoc) : null;
  }

  @FieldResolver(() => Connection, { nullable: true, description: 'A discovery schedule’s connection.' })
  connection(@Root() schedule: Schedule): Connection | null {
    return schedule.discovery ? toConnection(schedule.discovery.connection) : null;
  }

  @FieldResolver(() => [ScheduleRun], { description: 'An HTTP schedule’s runs, newest first (up to 100); for discovery, see the connection’s runs.' })
  async runs(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<ScheduleRun[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new InputError('first must be 1 to 100.', [{ path: 'first', message: 'must be 1 to 100' }]);
    if (schedule.discovery || schedule.reportDoc) return [];
    return (await ctx.services.schedules.recentRuns(schedule.doc as ScheduleDoc, first)).map(toScheduleRun);
  }

  @FieldResolver(() => [Schedule], { description: 'Schedules run after a run that succeeded (those you can read).' })
  onSuccess(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Schedule[]> {
    return this.readable(ctx, schedule.target === 'HTTP' ? (schedule.doc as ScheduleDoc).onSuccess : []);
  }

  @FieldResolver(() => [Schedule], { description: 'Schedules run after a run that failed (those you can read).' })
  onFailure(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Schedule[]> {
    return this.readable(ctx, schedule.target === 'HTTP' ? (schedule.doc as ScheduleDoc).onFailure : []);
  }

  @FieldResolver(() => Principal, { nullable: true, description: 'The user or team that created it.' })
  owner(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<User | Team | null> {
    return ownerOf(ctx, this.docOf(schedule));
  }

  @FieldResolver(() => [AccessGrant], { description: 'Who holds which role.' })
  access(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<AccessGrant[]> {
    return grantsOf(ctx, this.docOf(schedule));
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: 'Your strongest role on it.' })
  myRole(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    return myRoleOn(ctx, this.docOf(schedule));
  }

  @Subscription(() => ScheduleRun, {
    description: 'Runs of the HTTP schedules you can read (one schedule when scheduleId is given), as each starts and ends, from every API process.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { scheduleId?: string | null }, GraphQLContext>) => {
      await context.auth.scope();
      const ref = args.scheduleId ? scheduleRef(args.scheduleId, 'scheduleId') : null;
    if (ref?.target === 'DISCOVERY') throw new InputError('scheduleId names a discovery schedule: follow its runs with discoveryRunChanged.', [{ path: 'scheduleId', message: 'must be the id of an HTTP schedule' }]);
    if (ref?.target === 'REPORT') throw new InputError('scheduleId names a report’s schedule: follow its runs with reportRunChanged.', [{ path: 'scheduleId', message: 'must be the id of an HTTP schedule' }]);
    const scheduleId = ref?.target === 'HTTP' ? ref.id.toHexString() : null;
      return pipe(
        context.services.events.subscribe('scheduleRunChanged'),
        filter(async (event: ScheduleRunEvent) => (!scheduleId || event.scheduleId === scheduleId) && context.auth.canReadNow(event.readers)),
      );
    },
  })
  async scheduleRunChanged(@Root() event: ScheduleRunEvent, @Ctx() ctx: GraphQLContext, @Arg('scheduleId', () => ID, { nullable: true }) _scheduleId?: string | null): Promise<ScheduleRun> {
    // Read again with the subscriber's access: the event carries ids only.
    const schedule = await ctx.services.schedules.get(await ctx.auth.scope(), new ObjectId(event.scheduleId));
    const run = schedule ? (await ctx.services.schedules.recentRuns(schedule, 20)).find((r) => r._id === event.runId) : undefined;
    if (!run) throw new InputError('No such run, or you cannot see it.', []);
    return toScheduleRun(run);
  }

  /** Its owner, grants and your role: a discovery schedule's are its connection's, a report's schedule's its report's. */
  private docOf(schedule: Schedule): ScheduleDoc | ConnectionDoc | ReportDoc {
    return schedule.discovery ? schedule.discovery.connection : schedule.doc;
  }

  private async readable(ctx: GraphQLContext, hexIds: readonly string[]): Promise<Schedule[]> {
    if (hexIds.length === 0) return [];
    const scope = await ctx.auth.scope();
    const docs = await Promise.all(hexIds.map((id) => ctx.services.schedules.get(scope, new ObjectId(id))));
    return docs.flatMap((d) => (d && d.active ? [toSchedule(d)] : []));
  }
}

/** A schedule by its global id, with the caller's access; null when it does not exist or they cannot see it. */
export async function scheduleById(ctx: GraphQLContext, id: string): Promise<Schedule | null> {
  const scope = await ctx.auth.scope();
  const ref = scheduleRef(id);
  if (ref.target === 'HTTP') {
    const doc = await ctx.services.schedules.get(scope, ref.id);
    return doc ? toSchedule(doc) : null;
  }
  if (ref.target === 'REPORT') {
    const report = await ctx.services.reports.get(scope, ref.reportId);
    return report?.schedule ? toReportSchedule(report) : null;
  }
  const connection = await ctx.services.connections.get(scope, ref.connectionId);
  const setting = connection?.kinds.find((k) => k.kind === ref.kind);
  return connection && setting ? toDiscoverySchedule(connection, setting) : null;
}
