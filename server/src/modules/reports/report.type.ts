import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import { COMPARERS, type Comparer } from './comparers.js';
import { EXPORT_FORMATS, type ExportFormat } from './export/index.js';
import {
  ITEM_STATES,
  REPORT_KINDS,
  REPORT_RUN_STATUSES,
  REPORT_RUN_TYPE,
  REPORT_TRIGGERS,
  REPORT_TYPE,
  type ItemState,
  type ReportDoc,
  type ReportKind,
  type ReportRunDoc,
  type ReportRunStatus,
  type ReportTrigger,
} from './report.model.js';
import { PIVOT_LEVELS, type PivotLevel } from './report-fields.js';
import type { ColumnKind } from './report-table.js';

export const ReportKindEnum = graphqlEnum(REPORT_KINDS, { name: 'ReportKind', description: 'SINGLE: one type of item, one row each. PIVOT: clients → systems → applications → servers, databases, load balancers, one row per path.' });
export const ItemStateEnum = graphqlEnum(ITEM_STATES, { name: 'ItemState', description: 'Which items a report takes: ACTIVE ones (the default), DELETED ones, or ANY.' });
export const ReportRunStatusEnum = graphqlEnum(REPORT_RUN_STATUSES, { name: 'ReportRunStatus', description: 'Where a run is: QUEUED, RUNNING (see progress), SUCCEEDED, FAILED (see error) or CANCELLED.' });
export const ReportTriggerEnum = graphqlEnum(REPORT_TRIGGERS, { name: 'ReportTrigger', description: 'What started a run: a person (MANUAL) or the report’s schedule.' });
export const ComparerEnum = graphqlEnum(COMPARERS, {
  name: 'ReportComparer',
  description:
    'How a filter compares a field. Text: EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS (a real negation: an empty value does not contain the text), STARTS_WITH, ENDS_WITH, IN, NOT_IN (ignoring case). Numbers: EQUALS, NOT_EQUALS, LESS_THAN, GREATER_THAN, BETWEEN. Dates: BEFORE, AFTER, BETWEEN, WITHIN_LAST_DAYS. Booleans: IS_TRUE, IS_FALSE. Enums: IN, NOT_IN. Lists (tags): HAS_ANY, HAS_ALL, HAS_NONE. Any: IS_EMPTY, IS_NOT_EMPTY.',
});
export const PivotLevelEnum = graphqlEnum(PIVOT_LEVELS, { name: 'PivotLevel', description: 'A level of a pivot report, top down: CLIENT, SYSTEM (serves the client), APPLICATION (part of the system), then SERVER (it runs on), DATABASE (it depends on), LOAD_BALANCER (in front of it, or that it calls).' });
export const ExportFormatEnum = graphqlEnum(EXPORT_FORMATS, { name: 'ExportFormat', description: 'CSV (formulas escaped), JSON, XML, XLSX, PDF (table and charts; the first 2,000 rows), ANSIBLE_INI and ANSIBLE_YAML (servers as hosts, grouped by client, system, application, environment and tag).' });
export const COLUMN_KINDS = ['text', 'number', 'boolean', 'date', 'enum', 'list'] as const;
export const ColumnKindEnum = graphqlEnum(['TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'ENUM', 'LIST'] as const, { name: 'ReportFieldKind', description: 'What a field’s values are: which comparers fit it.' });

/** A filter: the same fields in and out (an input when saved, an object when read). */
@ObjectType('ReportFilterView', { description: 'A filter of a report.' })
@InputType('ReportFilterInput', { description: 'A filter: a field, a comparer that fits its kind, and the operand that comparer takes.' })
export class ReportFilter {
  @Field(() => String, { description: 'The field’s key (see reportFields).' })
  field!: string;

  @Field(() => ComparerEnum)
  comparer!: Comparer;

  @Field(() => String, { nullable: true, description: 'Text operand: EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH.' })
  text?: string | null;

  @Field(() => [String], { nullable: true, description: 'Values: IN, NOT_IN, HAS_ANY, HAS_ALL, HAS_NONE.' })
  values?: string[] | null;

  @Field(() => Float, { nullable: true, description: 'Number operand; BETWEEN’s lower bound.' })
  number?: number | null;

  @Field(() => Float, { nullable: true, description: 'BETWEEN’s upper bound (numbers).' })
  numberTo?: number | null;

  @Field(() => Date, { nullable: true, description: 'Date operand; BETWEEN’s start.' })
  date?: Date | null;

  @Field(() => Date, { nullable: true, description: 'BETWEEN’s end (dates).' })
  dateTo?: Date | null;

  @Field(() => Int, { nullable: true, description: 'WITHIN_LAST_DAYS: how many days back from when the run starts.' })
  days?: number | null;
}


@InputType({ description: 'One level of a pivot report; levels not given keep their setting (a new report: client, system, application and server on).' })
export class PivotLevelInput {
  @Field(() => PivotLevelEnum)
  level!: PivotLevel;

  @Field(() => Boolean, { nullable: true, description: 'Shown (its columns) and filtered. A level off between two that are on is walked through, not shown.' })
  enabled?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Fields shown, after its name (always shown).' })
  columns?: string[] | null;

  @Field(() => [ReportFilter], { nullable: true })
  filters?: ReportFilter[] | null;

  @Field(() => ItemStateEnum, { nullable: true })
  state?: ItemState | null;

  @Field(() => Boolean, { nullable: true, description: 'Only paths with a match at this level (default: when it has filters). Off: an item above without any shows with this level empty.' })
  required?: boolean | null;
}

@ObjectType({ description: 'One level of a pivot report.' })
export class PivotLevelView {
  @Field(() => PivotLevelEnum)
  level!: PivotLevel;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => [String])
  columns!: string[];

  @Field(() => [ReportFilter])
  filters!: ReportFilter[];

  @Field(() => ItemStateEnum)
  state!: ItemState;

  @Field(() => Boolean)
  required!: boolean;
}

@InputType({ description: 'When a report runs by itself and whom its result is e-mailed to: interval or cron.' })
export class ReportScheduleInput {
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Every so many minutes (5 to 129,600).' })
  intervalMinutes?: number | null;

  @Field(() => String, { nullable: true, description: 'Five-field cron expression, in timezone.' })
  cron?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => [ExportFormatEnum], { nullable: true, description: 'Formats attached to the e-mail (CSV when none is given).' })
  formats?: ExportFormat[] | null;

  @Field(() => [ID], { nullable: true, description: 'Users and teams the result goes to: each person gets a run of their own, with their own access, if they can read the report.' })
  recipients?: string[] | null;
}

@InputType({ description: 'A report’s definition; fields left out keep their value.' })
export class ReportInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ReportKindEnum, { nullable: true, description: 'SINGLE (the default) or PIVOT; fixed once made.' })
  kind?: ReportKind | null;

  @Field(() => String, { nullable: true, description: 'SINGLE: the type listed, e.g. Server.' })
  entity?: string | null;

  @Field(() => [String], { nullable: true, description: 'SINGLE: fields shown, in order (see reportFields); the type’s main fields when left out.' })
  columns?: string[] | null;

  @Field(() => [ReportFilter], { nullable: true, description: 'SINGLE: filters, all of which must hold.' })
  filters?: ReportFilter[] | null;

  @Field(() => ItemStateEnum, { nullable: true, description: 'SINGLE: active items (the default), deleted ones, or both.' })
  state?: ItemState | null;

  @Field(() => [PivotLevelInput], { nullable: true, description: 'PIVOT: the levels to change.' })
  levels?: PivotLevelInput[] | null;

  @Field(() => ReportScheduleInput, { nullable: true, description: 'Its schedule; null removes it.' })
  schedule?: ReportScheduleInput | null;
}

@ObjectType({ description: 'A field a report can show and filter.' })
export class ReportFieldView {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => ColumnKindEnum)
  kind!: string;

  @Field(() => [String], { nullable: true, description: 'An enum’s values.' })
  values!: string[] | null;

  @Field(() => [ComparerEnum], { description: 'Comparers that fit it.' })
  comparers!: Comparer[];
}

@ObjectType({ description: 'A report’s schedule.' })
export class ReportScheduleView {
  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Int, { nullable: true })
  intervalMinutes!: number | null;

  @Field(() => String, { nullable: true })
  cron!: string | null;

  @Field(() => String, { nullable: true })
  timezone!: string | null;

  @Field(() => [ExportFormatEnum])
  formats!: ExportFormat[];

  /** Hex ids, for the recipients field. */
  users!: string[];
  teams!: string[];
}

@ObjectType({ implements: Node, description: 'A report: a single-entity table or a pivot, with filters and columns; each run is computed in the background, for the person who runs it.' })
export class Report extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ReportKindEnum)
  kind!: ReportKind;

  @Field(() => String, { nullable: true })
  entity!: string | null;

  @Field(() => [String])
  columns!: string[];

  @Field(() => [ReportFilter])
  filters!: ReportFilter[];

  @Field(() => ItemStateEnum)
  state!: ItemState;

  @Field(() => [PivotLevelView], { description: 'PIVOT: the six levels, top down.' })
  levels!: PivotLevelView[];

  @Field(() => ReportScheduleView, { nullable: true })
  schedule!: ReportScheduleView | null;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Int)
  revision!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  doc!: ReportDoc;
}

@ObjectType({ description: 'A column of a run’s table.' })
export class ReportColumnView {
  @Field(() => String, { description: 'Key of its cell in each row.' })
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => ColumnKindEnum)
  kind!: string;
}

@ObjectType({ description: 'How far a run is: top-level items done, of how many.' })
export class ReportProgress {
  @Field(() => Int)
  done!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => Float, { description: '0 to 100.' })
  percent!: number;
}

@ObjectType({ description: 'A count of a chart.' })
export class ReportChartBucket {
  @Field(() => String)
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'An aggregation of a run’s rows by one column, and its ECharts option: the dashboard draws it, and the server renders the same picture in PDFs and e-mails.' })
export class ReportChart {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'pie or bar.' })
  kind!: string;

  @Field(() => String, { description: 'The column counted.' })
  column!: string;

  @Field(() => [ReportChartBucket])
  buckets!: ReportChartBucket[];

  @Field(() => Int, { description: 'Rows counted in no bucket shown (values beyond the largest ones).' })
  other!: number;

  @Field(() => Int, { description: 'Rows with no value.' })
  empty!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => GraphQLJSON, { description: 'The ECharts option that draws it.' })
  option!: unknown;
}

@ObjectType({ description: 'A page of a run’s rows: each row a list of cells in the order of the run’s columns (text, number, boolean, list of text, or null; dates as ISO text).' })
export class ReportRowPage {
  @Field(() => [GraphQLJSON])
  rows!: unknown[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Int, { description: 'Offset of the first row of this page.' })
  offset!: number;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

@ObjectType({ implements: Node, description: 'One run of a report, for the person who started it (or whom its schedule e-mails), computed with their access: nobody else sees it.' })
export class ReportRun extends Node {
  @Field(() => String, { description: 'The report’s name when it ran.' })
  name!: string;

  @Field(() => ReportRunStatusEnum)
  status!: ReportRunStatus;

  @Field(() => ReportTriggerEnum)
  trigger!: ReportTrigger;

  @Field(() => ReportKindEnum)
  kind!: ReportKind;

  @Field(() => ReportProgress)
  progress!: ReportProgress;

  @Field(() => Int)
  rowCount!: number;

  @Field(() => [ReportColumnView])
  columns!: ReportColumnView[];

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

  @Field(() => Int, { description: 'Times a worker started it: more than 1 after a worker died mid-way (it starts over; no row is there twice).' })
  attempts!: number;

  @Field(() => Date, { description: 'When it is deleted (REPORT_RETENTION_DAYS after it ran), unless it is the last good run of its report for you.' })
  expiresAt!: Date;

  @Field(() => Boolean)
  cancelRequested!: boolean;

  @Field(() => Int, { description: 'The report’s revision it ran.' })
  reportRevision!: number;

  doc!: ReportRunDoc;
}

export function toReport(doc: ReportDoc): Report {
  return Object.assign(new Report(), {
    id: toGlobalId(REPORT_TYPE, doc._id),
    name: doc.name,
    description: doc.description,
    kind: doc.kind,
    entity: doc.entity,
    columns: doc.columns,
    filters: doc.filters.map(toFilterView),
    state: doc.state,
    levels: doc.levels.map((l) => ({ ...l, filters: l.filters.map(toFilterView) })),
    schedule: doc.schedule,
    active: doc.active,
    revision: doc.revision,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    doc,
  });
}

function toFilterView(f: ReportDoc['filters'][number]): ReportFilter {
  return { field: f.field, comparer: f.comparer, text: f.text ?? null, values: f.values ?? null, number: f.number ?? null, numberTo: f.numberTo ?? null, date: f.date ?? null, dateTo: f.dateTo ?? null, days: f.days ?? null };
}

export const kindName = (kind: ColumnKind): string => kind.toUpperCase();

export function toReportRun(doc: ReportRunDoc): ReportRun {
  const { done, total } = doc.progress;
  return Object.assign(new ReportRun(), {
    id: toGlobalId(REPORT_RUN_TYPE, doc._id),
    name: doc.name,
    status: doc.status,
    trigger: doc.trigger,
    kind: doc.definition.kind,
    progress: { done, total, percent: doc.status === 'SUCCEEDED' ? 100 : total > 0 ? Math.min(100, Math.round((done / total) * 1000) / 10) : 0 },
    rowCount: doc.rowCount,
    columns: (doc.columns ?? []).map((c) => ({ key: c.key, label: c.label, kind: kindName(c.kind) })),
    createdAt: doc.createdAt,
    startedAt: doc.startedAt,
    finishedAt: doc.finishedAt,
    durationMs: doc.durationMs,
    error: doc.error,
    attempts: doc.attempts,
    expiresAt: doc.expiresAt,
    cancelRequested: doc.cancelRequested,
    reportRevision: doc.reportRevision,
    doc,
  });
}
