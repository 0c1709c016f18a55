import type { ObjectId } from 'mongodb';
import type { AccessControlled } from '../access/access.model.js';
import type { ReportFilter } from './comparers.js';
import type { PivotLevel } from './report-fields.js';
import type { Cell, ReportColumn } from './report-table.js';
import type { ChartData } from './charts/index.js';
import type { ExportFormat } from './export/index.js';

/** The global id type of a report, and its entity type in history and grants. */
export const REPORT_TYPE = 'Report';
export const REPORT_RUN_TYPE = 'ReportRun';

export const REPORT_KINDS = ['SINGLE', 'PIVOT'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Which items a level (or a single-entity report) takes: active ones (the default), deleted ones, or both. */
export const ITEM_STATES = ['ACTIVE', 'DELETED', 'ANY'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const REPORT_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type ReportRunStatus = (typeof REPORT_RUN_STATUSES)[number];

export const REPORT_TRIGGERS = ['MANUAL', 'SCHEDULE'] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];

/** One level of a pivot report. */
export interface PivotLevelSetting {
  level: PivotLevel;
  enabled: boolean;
  columns: string[];
  filters: ReportFilter[];
  state: ItemState;
  /** Only paths that reach a match at this level (default: when it has filters). */
  required: boolean;
}

/** When a report runs by itself, and to whom its result is e-mailed. */
export interface ReportScheduleSetting {
  enabled: boolean;
  intervalMinutes: number | null;
  cron: string | null;
  timezone: string | null;
  /** Attachments of the e-mail. */
  formats: ExportFormat[];
  /** Hex ids of users and teams the result goes to, each run as that person (their access). */
  users: string[];
  teams: string[];
}

/**
 * A report: what to list (one type, or a pivot through clients, systems,
 * applications and what they run on and use), which columns, which
 * filters. Access-controlled and versioned like any item.
 */
export interface ReportDoc extends AccessControlled {
  _id: ObjectId;
  name: string;
  nameLower: string;
  description: string | null;
  kind: ReportKind;
  /** SINGLE: the inventory type listed. */
  entity: string | null;
  columns: string[];
  filters: ReportFilter[];
  state: ItemState;
  /** PIVOT: the six levels, top down. */
  levels: PivotLevelSetting[];
  schedule: ReportScheduleSetting | null;
  active: boolean;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  pending?: Record<string, unknown>;
}

/** Who a run is for: it sees what they can read, and nobody else sees it. */
export interface RunAs {
  userId: string;
  workspaceTeamId: string | null;
}

/**
 * One run of a report, for one person: the definition it ran (a copy, so
 * that a later edit does not change what it meant), its progress, its
 * columns and charts; its rows are in `report_rows`, a page per document.
 */
export interface ReportRunDoc {
  _id: ObjectId;
  reportId: string;
  reportRevision: number;
  name: string;
  definition: Pick<ReportDoc, 'kind' | 'entity' | 'columns' | 'filters' | 'state' | 'levels'>;
  runAs: RunAs;
  /** `u:<id>`: the one principal who may read it. */
  readers: string[];
  trigger: ReportTrigger;
  status: ReportRunStatus;
  cancelRequested: boolean;
  /** Top-level items done, of how many. */
  progress: { done: number; total: number };
  rowCount: number;
  pageCount: number;
  columns: ReportColumn[];
  charts: ChartData[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  /** How many times a worker started it (a retry after a crash starts again from the first row). */
  attempts: number;
  /** When it goes (retention); the last good run of a report and person stays. */
  expiresAt: Date;
  /** Formats to e-mail once it succeeds (a scheduled run). */
  mail: { formats: ExportFormat[] } | null;
}

/**
 * Rows of a run, a page at a time, by `<run>:<page>`: a retried run writes
 * each page again in place. Its rows are kept as the JSON text of a list of
 * rows, each the list of its cells in the order of the run's columns: a page
 * is read and written whole, and column keys such as `server.hostname` or
 * lists of lists would make no valid document.
 */
export interface ReportRowsDoc {
  _id: string;
  runId: ObjectId;
  page: number;
  count: number;
  rows: string;
}

export function pageRows(doc: ReportRowsDoc): Cell[][] {
  return JSON.parse(doc.rows) as Cell[][];
}

/** Rows per stored page. */
export const ROWS_PER_PAGE = 500;
