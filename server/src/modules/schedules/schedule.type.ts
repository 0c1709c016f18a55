import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ConnectionDoc, DiscoveryKind, KindSetting } from '../discovery/connection.model.js';
import { DiscoveryKindEnum } from '../discovery/connection.type.js';
import { graphqlEnum } from '../../graphql/enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import type { ReportDoc } from '../reports/report.model.js';
import { discoveryScheduleId, reportScheduleId, SCHEDULE_RUN_STATUSES, SCHEDULE_TRIGGERS, SCHEDULE_TYPE, type ScheduleDoc, type ScheduleRunDoc, type ScheduleRunStatus, type ScheduleTrigger } from './schedule.model.js';

export const ScheduleRunStatusEnum = graphqlEnum(SCHEDULE_RUN_STATUSES, { name: 'ScheduleRunStatus', description: 'Where a schedule’s run is: SKIPPED when its previous run was still going.' });
export const SCHEDULE_TARGETS = ['HTTP', 'DISCOVERY', 'REPORT'] as const;
export type ScheduleTarget = (typeof SCHEDULE_TARGETS)[number];
export const ScheduleTargetEnum = graphqlEnum(SCHEDULE_TARGETS, {
  name: 'ScheduleTarget',
  description: 'What a schedule runs: an HTTP call, the discovery of one kind of resource with a connection (one per kind, made with the connection), or a report e-mailed to its recipients (made with the report).',
});

export const ScheduleTriggerEnum = graphqlEnum(SCHEDULE_TRIGGERS, { name: 'ScheduleTrigger', description: 'What started a schedule’s run: its schedule, a person (run now), or another schedule’s run (a follow-up).' });

@ObjectType({ description: 'An HTTP header.' })
export class HttpHeaderView {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@InputType({ description: 'An HTTP header.' })
export class HttpHeaderInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'The call an HTTP schedule makes.' })
export class HttpCallView {
  @Field(() => String)
  method!: string;

  @Field(() => String)
  url!: string;

  @Field(() => [HttpHeaderView], { description: 'Headers kept in the clear (secret ones are listed by name in secretHeaderNames).' })
  headers!: HttpHeaderView[];

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => [Int], { description: 'Statuses that count as success; empty: any 2xx.' })
  expectedStatus!: number[];

  @Field(() => Int)
  timeoutMs!: number;
}

@ObjectType({ description: 'One run of a schedule: its call’s status, how long it took, and the first bytes of the answer.' })
export class ScheduleRun {
  @Field(() => ID, { description: 'The id of the job that made it.' })
  id!: string;

  @Field(() => ID)
  scheduleId!: string;

  @Field(() => ScheduleTriggerEnum)
  trigger!: ScheduleTrigger;

  @Field(() => ScheduleRunStatusEnum)
  status!: ScheduleRunStatus;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the answer.' })
  httpStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'The first 2,000 bytes of the answer.' })
  bodyStart!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it failed or was skipped, in words.' })
  error!: string | null;
}

export function toScheduleRun(doc: ScheduleRunDoc): ScheduleRun {
  return Object.assign(new ScheduleRun(), {
    id: doc._id,
    scheduleId: toGlobalId(SCHEDULE_TYPE, doc.scheduleId),
    trigger: doc.trigger,
    status: doc.status,
    startedAt: doc.startedAt,
    finishedAt: doc.finishedAt,
    durationMs: doc.durationMs,
    httpStatus: doc.httpStatus,
    bodyStart: doc.bodyStart,
    error: doc.error,
  });
}

@ObjectType({
  implements: Node,
  description:
    'A schedule: an HTTP call made on an interval or a cron expression, with follow-ups (its secret headers stored encrypted and never shown); ' +
    'or the discovery of one kind of resource with a connection, every intervalMinutes (made with the connection, one per kind; its access and history are the connection’s).',
})
export class Schedule extends Node {
  /** The stored document, for field resolvers: the HTTP schedule, or the connection of a discovery schedule. */
  doc!: ScheduleDoc | ConnectionDoc | ReportDoc;

  /** A discovery schedule's connection and kind. */
  discovery!: { connection: ConnectionDoc; setting: KindSetting } | null;

  /** A report's schedule: the report. */
  reportDoc!: ReportDoc | null;

  @Field(() => ScheduleTargetEnum)
  target!: ScheduleTarget;

  @Field(() => DiscoveryKindEnum, { nullable: true, description: 'What a discovery schedule discovers (its connection: `connection`).' })
  discoveryKind!: DiscoveryKind | null;

  @Field(() => String)
  name!: string;

  @Field(() => HttpCallView, { nullable: true, description: 'The call an HTTP schedule makes; null for discovery.' })
  http!: HttpCallView | null;

  @Field(() => [String], { description: 'Names of the headers sent sealed; their values are never shown.' })
  secretHeaderNames!: string[];

  @Field(() => Int, { nullable: true, description: 'Minutes between two runs; null when it runs on a cron expression.' })
  intervalMinutes!: number | null;

  @Field(() => String, { nullable: true, description: 'Cron expression (minute hour day month weekday); null when it runs on an interval.' })
  cron!: string | null;

  @Field(() => String, { nullable: true, description: 'The time zone of the cron expression.' })
  timezone!: string | null;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Boolean, { description: 'False once deleted.' })
  active!: boolean;

  @Field(() => Int)
  revision!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

/** A report's schedule, as a Schedule. */
export function toReportSchedule(report: ReportDoc): Schedule {
  const s = report.schedule!;
  return Object.assign(new Schedule(), {
    doc: report,
    discovery: null,
    reportDoc: report,
    id: reportScheduleId(report._id.toHexString()),
    target: 'REPORT' as const,
    discoveryKind: null,
    name: `Report · ${report.name}`,
    http: null,
    secretHeaderNames: [],
    intervalMinutes: s.intervalMinutes,
    cron: s.cron,
    timezone: s.timezone,
    enabled: s.enabled,
    active: report.active,
    revision: report.revision,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
  });
}

/** A connection's schedule for one kind, as a Schedule. */
export function toDiscoverySchedule(connection: ConnectionDoc, setting: KindSetting): Schedule {
  return Object.assign(new Schedule(), {
    doc: connection,
    discovery: { connection, setting },
    reportDoc: null,
    id: discoveryScheduleId(connection._id.toHexString(), setting.kind),
    target: 'DISCOVERY' as const,
    discoveryKind: setting.kind,
    name: `${connection.name} · ${setting.kind.toLowerCase().replaceAll('_', ' ')}`,
    http: null,
    secretHeaderNames: [],
    intervalMinutes: setting.intervalMinutes,
    cron: null,
    timezone: null,
    enabled: setting.enabled && connection.enabled,
    active: connection.active,
    revision: connection.revision,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  });
}

export function toSchedule(doc: ScheduleDoc): Schedule {
  return Object.assign(new Schedule(), {
    doc,
    discovery: null,
    reportDoc: null,
    target: 'HTTP' as const,
    discoveryKind: null,
    id: toGlobalId(SCHEDULE_TYPE, doc._id),
    name: doc.name,
    http: Object.assign(new HttpCallView(), doc.http, { headers: doc.http.headers.map((h) => Object.assign(new HttpHeaderView(), h)) }),
    secretHeaderNames: doc.secretHeaders.map((h) => h.name),
    intervalMinutes: doc.intervalMinutes,
    cron: doc.cron,
    timezone: doc.timezone,
    enabled: doc.enabled,
    active: doc.active,
    revision: doc.revision,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

@InputType({ description: 'An HTTP schedule. Give intervalMinutes or cron (with a timezone, UTC by default). On an update, only the fields given change.' })
export class ScheduleInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'GET, POST, PUT, PATCH, DELETE or HEAD (default GET).' })
  method?: string | null;

  @Field(() => String, { nullable: true, description: 'http or https. Private, loopback and metadata addresses are refused unless OUTBOUND_ALLOW opens them.' })
  url?: string | null;

  @Field(() => [HttpHeaderInput], { nullable: true })
  headers?: HttpHeaderInput[] | null;

  @Field(() => [HttpHeaderInput], { nullable: true, description: 'Headers sent sealed (an API key…): stored encrypted, never returned. Replaces those stored; [] removes them.' })
  secretHeaders?: HttpHeaderInput[] | null;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => [Int], { nullable: true, description: 'Statuses that count as success; empty or absent: any 2xx.' })
  expectedStatus?: number[] | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds, 100 to 60000 (default 10000).' })
  timeoutMs?: number | null;

  @Field(() => Int, { nullable: true })
  intervalMinutes?: number | null;

  @Field(() => String, { nullable: true })
  cron?: string | null;

  @Field(() => String, { nullable: true, description: 'An IANA time zone, e.g. Europe/Paris.' })
  timezone?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Schedules (that you can change) to run after a run that succeeded.' })
  onSuccess?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Schedules (that you can change) to run after a run that failed.' })
  onFailure?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

export { scheduleRef, type ScheduleRef } from './schedule.model.js';
