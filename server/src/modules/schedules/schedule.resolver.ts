import { filter, pipe } from '@graphql-yoga/subscription';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { InputError } from '../../graphql/errors.js';
import { idOfType } from '../../shared/ids.js';
import { ObjectId } from 'mongodb';
import { AccessGrant, Principal } from '../access/access.type.js';
import { grantsOf, myRoleOn, ownerOf } from '../access/access-fields.js';
import { RoleEnum } from '../access/role.enum.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';
import { SCHEDULE_TYPE } from './schedule.model.js';
import { cronTimes, type ScheduleRunEvent } from './schedule.service.js';
import { Schedule, ScheduleInput, ScheduleRun, toSchedule, toScheduleRun } from './schedule.type.js';

@Resolver(() => Schedule)
export class ScheduleResolver {
  @Query(() => [Schedule], { description: 'The HTTP schedules you can read, by name (at most 1,000); deleted ones are left out. Discovery runs on its connections’ schedules (Connection.kinds).' })
  async schedules(@Ctx() ctx: GraphQLContext): Promise<Schedule[]> {
    return (await ctx.services.schedules.list(await ctx.auth.scope())).map(toSchedule);
  }

  @Query(() => Schedule, { nullable: true, description: 'One HTTP schedule; null when it does not exist or you cannot see it.' })
  async schedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Schedule | null> {
    const doc = await ctx.services.schedules.get(await ctx.auth.scope(), idOfType(id, SCHEDULE_TYPE));
    return doc ? toSchedule(doc) : null;
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

  @Mutation(() => Schedule, { description: 'Changes the fields given. Needs WRITE.' })
  async updateSchedule(@Arg('id', () => ID) id: string, @Arg('input', () => ScheduleInput) input: ScheduleInput, @Ctx() ctx: GraphQLContext): Promise<Schedule> {
    return toSchedule(await ctx.services.schedules.update(await ctx.auth.scope(), idOfType(id, SCHEDULE_TYPE), input));
  }

  @Mutation(() => Schedule, { description: 'Soft delete: no more runs. Needs ADMIN.' })
  async deleteSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Schedule> {
    return toSchedule(await ctx.services.schedules.delete(await ctx.auth.scope(), idOfType(id, SCHEDULE_TYPE)));
  }

  @Mutation(() => ID, { description: 'Runs the schedule now, whatever its timing. Needs WRITE. Returns the id of the run to come (see runs and scheduleRunChanged).' })
  async runSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return ctx.services.schedules.runNow(await ctx.auth.scope(), idOfType(id, SCHEDULE_TYPE));
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When it runs next; null while it is paused.' })
  nextRunAt(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    return ctx.services.schedules.nextRunAt(schedule.doc);
  }

  @FieldResolver(() => [Date], { description: 'Its next run times (up to 10), for the schedule as it is; empty while it is paused.' })
  async nextRuns(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext, @Arg('count', () => Int, { defaultValue: 5 }) count: number): Promise<Date[]> {
    if (!Number.isInteger(count) || count < 1 || count > 10) throw new InputError('count must be 1 to 10.', [{ path: 'count', message: 'must be 1 to 10' }]);
    const doc = schedule.doc;
    if (!doc.active || !doc.enabled) return [];
    if (doc.cron) return cronTimes(doc.cron, doc.timezone, count);
    const next = await ctx.services.schedules.nextRunAt(doc);
    if (!next) return [];
    const every = (doc.intervalMinutes ?? 60) * ctx.services.schedules.minuteLength;
    return Array.from({ length: count }, (_, i) => new Date(next.getTime() + i * every));
  }

  @FieldResolver(() => ScheduleRun, { nullable: true, description: 'Its newest run: its outcome.' })
  async lastRun(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<ScheduleRun | null> {
    const [run] = await ctx.services.schedules.recentRuns(schedule.doc, 1);
    return run ? toScheduleRun(run) : null;
  }

  @FieldResolver(() => [ScheduleRun], { description: 'Its runs, newest first (up to 100).' })
  async runs(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<ScheduleRun[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new InputError('first must be 1 to 100.', [{ path: 'first', message: 'must be 1 to 100' }]);
    return (await ctx.services.schedules.recentRuns(schedule.doc, first)).map(toScheduleRun);
  }

  @FieldResolver(() => [Schedule], { description: 'Schedules run after a run that succeeded (those you can read).' })
  onSuccess(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Schedule[]> {
    return this.readable(ctx, schedule.doc.onSuccess);
  }

  @FieldResolver(() => [Schedule], { description: 'Schedules run after a run that failed (those you can read).' })
  onFailure(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<Schedule[]> {
    return this.readable(ctx, schedule.doc.onFailure);
  }

  @FieldResolver(() => Principal, { nullable: true, description: 'The user or team that created it.' })
  owner(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<User | Team | null> {
    return ownerOf(ctx, schedule.doc);
  }

  @FieldResolver(() => [AccessGrant], { description: 'Who holds which role.' })
  access(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<AccessGrant[]> {
    return grantsOf(ctx, schedule.doc);
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: 'Your strongest role on it.' })
  myRole(@Root() schedule: Schedule, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    return myRoleOn(ctx, schedule.doc);
  }

  @Subscription(() => ScheduleRun, {
    description: 'Runs of the HTTP schedules you can read (one schedule when scheduleId is given), as each starts and ends, from every API process.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { scheduleId?: string | null }, GraphQLContext>) => {
      await context.auth.scope();
      const scheduleId = args.scheduleId ? idOfType(args.scheduleId, SCHEDULE_TYPE, 'scheduleId').toHexString() : null;
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

  private async readable(ctx: GraphQLContext, hexIds: readonly string[]): Promise<Schedule[]> {
    if (hexIds.length === 0) return [];
    const scope = await ctx.auth.scope();
    const docs = await Promise.all(hexIds.map((id) => ctx.services.schedules.get(scope, new ObjectId(id))));
    return docs.flatMap((d) => (d && d.active ? [toSchedule(d)] : []));
  }
}
