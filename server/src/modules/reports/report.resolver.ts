import { filter, pipe } from '@graphql-yoga/subscription';
import { ObjectId } from 'mongodb';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { InputError, NotFoundError } from '../../graphql/errors.js';
import { idOfType } from '../../shared/ids.js';
import { AccessGrant, Principal } from '../access/access.type.js';
import { grantsOf, myRoleOn, ownerOf } from '../access/access-fields.js';
import { loadPrincipal } from '../access/principal.js';
import { RoleEnum } from '../access/role.enum.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';
import { chartOption } from './charts/index.js';
import { COMPARERS_OF } from './comparers.js';
import { exportFileName, type ExportFormat } from './export/index.js';
import { REPORT_RUN_TYPE, REPORT_TYPE } from './report.model.js';
import { PIVOT_LEVEL_DEFS, REPORT_TYPES, reportFieldsOf, type PivotLevel } from './report-fields.js';
import { describeRun, type ReportRunEvent } from './report.service.js';
import {
  ExportFormatEnum,
  PivotLevelEnum,
  Report,
  ReportChart,
  ReportFieldView,
  ReportInput,
  ReportRowPage,
  ReportRun,
  ReportScheduleView,
  toReport,
  toReportRun,
} from './report.type.js';

const MAX_ROWS_PAGE = 1000;

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => [Report], { description: 'The reports you can read, by name (at most 1,000; deleted ones left out).' })
  async reports(@Ctx() ctx: GraphQLContext): Promise<Report[]> {
    return (await ctx.services.reports.list(await ctx.auth.scope())).map(toReport);
  }

  @Query(() => Report, { nullable: true, description: 'One report; null when it does not exist or you cannot see it.' })
  async report(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Report | null> {
    const doc = await ctx.services.reports.get(await ctx.auth.scope(), idOfType(id, REPORT_TYPE));
    return doc ? toReport(doc) : null;
  }

  @Query(() => [ReportFieldView], { description: 'The fields a report can show and filter for a type (e.g. Server), or for a pivot level, with the comparers that fit each.' })
  async reportFields(
    @Ctx() ctx: GraphQLContext,
    @Arg('entity', () => String, { nullable: true }) entity?: string | null,
    @Arg('level', () => PivotLevelEnum, { nullable: true }) level?: PivotLevel | null,
  ): Promise<ReportFieldView[]> {
    await ctx.auth.scope();
    const type = level ? PIVOT_LEVEL_DEFS[level].type : entity;
    if (!type || !REPORT_TYPES.includes(type)) throw new InputError(`entity must be one of ${REPORT_TYPES.join(', ')}, or give a level.`, [{ path: 'entity', message: `must be one of ${REPORT_TYPES.join(', ')}` }]);
    return reportFieldsOf(type).map((f) => ({ key: f.key, label: f.label, kind: f.kind.toUpperCase(), values: f.values ? [...f.values] : null, comparers: [...COMPARERS_OF[f.kind]] }));
  }

  @Query(() => ReportRun, { nullable: true, description: 'One of your report runs; null when it does not exist or is not yours.' })
  async reportRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ReportRun | null> {
    const run = await ctx.services.reports.findRun(await ctx.auth.scope(), idOfType(id, REPORT_RUN_TYPE));
    return run ? toReportRun(run) : null;
  }

  @Mutation(() => Report, { description: 'Creates a report; you (or your workspace team) become its admin.' })
  async createReport(@Arg('input', () => ReportInput) input: ReportInput, @Ctx() ctx: GraphQLContext): Promise<Report> {
    return toReport(await ctx.services.reports.create(await ctx.auth.scope(), input));
  }

  @Mutation(() => Report, { description: 'Changes the fields given. Needs WRITE.' })
  async updateReport(@Arg('id', () => ID) id: string, @Arg('input', () => ReportInput) input: ReportInput, @Ctx() ctx: GraphQLContext): Promise<Report> {
    return toReport(await ctx.services.reports.update(await ctx.auth.scope(), idOfType(id, REPORT_TYPE), input));
  }

  @Mutation(() => Report, { description: 'Soft delete: no more runs nor e-mails. Needs ADMIN.' })
  async deleteReport(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Report> {
    return toReport(await ctx.services.reports.delete(await ctx.auth.scope(), idOfType(id, REPORT_TYPE)));
  }

  @Mutation(() => ReportRun, { description: 'Runs the report for you, with your access, in the background: answers at once with the QUEUED run (follow it with reportRunChanged). Needs READ; 30 a minute per person.' })
  async runReport(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ReportRun> {
    return toReportRun(await ctx.services.reports.run(await ctx.auth.scope(), idOfType(id, REPORT_TYPE)));
  }

  @Mutation(() => ReportRun, { description: 'Cancels one of your runs: a queued one at once, a running one at its next page (its rows go).' })
  async cancelReportRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ReportRun> {
    return toReportRun(await ctx.services.reports.cancel(await ctx.auth.scope(), idOfType(id, REPORT_RUN_TYPE)));
  }

  @FieldResolver(() => [ReportRun], { description: 'Your runs of it, newest first (up to 100).' })
  async runs(@Root() report: Report, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<ReportRun[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new InputError('first must be 1 to 100.', [{ path: 'first', message: 'must be 1 to 100' }]);
    return (await ctx.services.reports.runsOf(await ctx.auth.scope(), report.doc, first)).map(toReportRun);
  }

  @FieldResolver(() => ReportRun, { nullable: true, description: 'Your last run that succeeded: kept whatever the retention, at the stable link /reports/<id>/latest.' })
  async lastGoodRun(@Root() report: Report, @Ctx() ctx: GraphQLContext): Promise<ReportRun | null> {
    const run = await ctx.services.reports.lastGoodRun(await ctx.auth.scope(), report.doc._id.toHexString());
    return run ? toReportRun(run) : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When its schedule runs next; null without one, or paused.' })
  nextRunAt(@Root() report: Report, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    return report.doc.schedule?.enabled && report.doc.active ? ctx.services.reports.nextRunAt(report.doc) : Promise.resolve(null);
  }

  @FieldResolver(() => Principal, { nullable: true })
  owner(@Root() report: Report, @Ctx() ctx: GraphQLContext): Promise<User | Team | null> {
    return ownerOf(ctx, report.doc);
  }

  @FieldResolver(() => [AccessGrant])
  access(@Root() report: Report, @Ctx() ctx: GraphQLContext): Promise<AccessGrant[]> {
    return grantsOf(ctx, report.doc);
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: 'Your strongest role on it.' })
  myRole(@Root() report: Report, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    return myRoleOn(ctx, report.doc);
  }
}

@Resolver(() => ReportScheduleView)
export class ReportScheduleResolver {
  @FieldResolver(() => [Principal], { description: 'Users and teams its result is e-mailed to (those that still exist).' })
  async recipients(@Root() schedule: ReportScheduleView, @Ctx() ctx: GraphQLContext): Promise<Array<User | Team>> {
    const found = await Promise.all([...schedule.users.map((id) => loadPrincipal(ctx, 'user', id)), ...schedule.teams.map((id) => loadPrincipal(ctx, 'team', id))]);
    return found.filter((p): p is User | Team => p !== null);
  }
}

@Resolver(() => ReportRun)
export class ReportRunResolver {
  @FieldResolver(() => Report, { nullable: true, description: 'Its report, if you can still read it.' })
  async report(@Root() run: ReportRun, @Ctx() ctx: GraphQLContext): Promise<Report | null> {
    const doc = await ctx.services.reports.get(await ctx.auth.scope(), new ObjectId(run.doc.reportId));
    return doc ? toReport(doc) : null;
  }

  @FieldResolver(() => ReportRowPage, { description: 'A page of its rows (up to 1,000), from `offset`.' })
  async rows(
    @Root() run: ReportRun,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
  ): Promise<ReportRowPage> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_ROWS_PAGE) throw new InputError(`first must be 0 to ${MAX_ROWS_PAGE}.`, [{ path: 'first', message: `must be 0 to ${MAX_ROWS_PAGE}` }]);
    if (!Number.isInteger(offset) || offset < 0) throw new InputError('offset must be 0 or more.', [{ path: 'offset', message: 'must be 0 or more' }]);
    const rows = run.doc.status === 'SUCCEEDED' ? await ctx.services.reports.rows(run.doc, offset, first) : [];
    return { rows, totalCount: run.doc.status === 'SUCCEEDED' ? run.doc.rowCount : 0, offset, hasNextPage: run.doc.status === 'SUCCEEDED' && offset + rows.length < run.doc.rowCount };
  }

  @FieldResolver(() => [ReportChart], { description: 'Aggregations of its rows by the columns that are categories (environment, OS, region, client, tags…).' })
  charts(@Root() run: ReportRun): ReportChart[] {
    return (run.doc.charts ?? []).map((c) => ({ ...c, option: chartOption(c) }));
  }

  @FieldResolver(() => [[String]], { description: 'What it is, line by line (label, value): kind, filters in words, rows, when, how long.' })
  info(@Root() run: ReportRun): string[][] {
    return describeRun(run.doc).map(([a, b]) => [a, b]);
  }

  @FieldResolver(() => String, { description: 'Where to download it in a format (GET with your bearer token): /reports/runs/<id>/export?format=…' })
  exportUrl(@Root() run: ReportRun, @Arg('format', () => ExportFormatEnum) format: ExportFormat): string {
    return `/reports/runs/${run.id}/export?format=${format}`;
  }

  @FieldResolver(() => String, { description: 'The file name of its export in a format.' })
  fileName(@Root() run: ReportRun, @Arg('format', () => ExportFormatEnum) format: ExportFormat): string {
    return exportFileName(run.doc.name, format);
  }

  @Subscription(() => ReportRun, {
    description: 'Your report runs as they are queued, move on (progress) and end, from every API process; one report’s, or one run’s, when given.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { reportId?: string | null; runId?: string | null }, GraphQLContext>) => {
      await context.auth.scope();
      const reportId = args.reportId ? idOfType(args.reportId, REPORT_TYPE, 'reportId').toHexString() : null;
      const runId = args.runId ? idOfType(args.runId, REPORT_RUN_TYPE, 'runId').toHexString() : null;
      return pipe(
        context.services.events.subscribe('reportRunChanged'),
        filter(async (event: ReportRunEvent) => (!reportId || event.reportId === reportId) && (!runId || event.runId === runId) && context.auth.canReadNow(event.readers)),
      );
    },
  })
  async reportRunChanged(
    @Root() event: ReportRunEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('reportId', () => ID, { nullable: true }) _reportId?: string | null,
    @Arg('runId', () => ID, { nullable: true }) _runId?: string | null,
  ): Promise<ReportRun> {
    const run = await ctx.services.reports.findRun(await ctx.auth.scope(), new ObjectId(event.runId));
    if (!run) throw new NotFoundError('No such report run, or you cannot see it.');
    return toReportRun(run);
  }
}

