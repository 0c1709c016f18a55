import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import { SCHEDULE_RUN_STATUSES, SCHEDULE_TRIGGERS, SCHEDULE_TYPE, type ScheduleDoc, type ScheduleRunDoc, type ScheduleRunStatus, type ScheduleTrigger } from './schedule.model.js';

export const ScheduleRunStatusEnum = graphqlEnum(SCHEDULE_RUN_STATUSES, { name: 'ScheduleRunStatus', description: 'Where a schedule’s run is: SKIPPED when its previous run was still going.' });
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

@ObjectType({ implements: Node, description: 'A custom HTTP schedule: a call made on an interval or a cron expression, with follow-ups. Its secret headers are stored encrypted and never shown.' })
export class Schedule extends Node {
  /** The stored document, for field resolvers. */
  doc!: ScheduleDoc;

  @Field(() => String)
  name!: string;

  @Field(() => HttpCallView)
  http!: HttpCallView;

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

export function toSchedule(doc: ScheduleDoc): Schedule {
  return Object.assign(new Schedule(), {
    doc,
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
