import type { ColumnKind, ReportColumn } from '../report-table.js';

/** At most this many charts per report run. */
export const MAX_CHARTS = 12;

/** One chart of a run: how the rows of one column are counted and drawn. */
export interface ChartSpec {
  /** Unique in the run; the column's key. */
  id: string;
  title: string;
  /** Key of the counted column. */
  column: string;
  /**
   * How the chart is drawn. A pie is preferred for enum and boolean columns;
   * a pie that ends up with too many slices is drawn as bars (see ChartAccumulator.result).
   */
  kind: 'pie' | 'bar';
  /** The counted column's kind: numbers bucket by value, dates by month, lists per item. */
  columnKind: ColumnKind;
}

/** Few values, each one a share of the whole: a pie. */
const PIE_KINDS: ReadonlySet<ColumnKind> = new Set(['enum', 'boolean']);
/** Many values, or values with an order: bars. */
const BAR_KINDS: ReadonlySet<ColumnKind> = new Set(['text', 'list', 'number', 'date']);

/**
 * The charts that fit these columns: one per column marked `chart`, enum and
 * boolean columns first (pies), then text, lists (tags), numbers and dates
 * (by month) as bars, each group in column order; at most MAX_CHARTS.
 */
export function chartSpecsFor(columns: readonly ReportColumn[]): ChartSpec[] {
  const seen = new Set<string>();
  const charted = columns.filter((column) => {
    if (!column.chart || seen.has(column.key)) return false;
    if (!PIE_KINDS.has(column.kind) && !BAR_KINDS.has(column.kind)) return false;
    seen.add(column.key);
    return true;
  });
  const ordered = [
    ...charted.filter((column) => PIE_KINDS.has(column.kind)),
    ...charted.filter((column) => !PIE_KINDS.has(column.kind)),
  ];
  return ordered.slice(0, MAX_CHARTS).map((column) => ({
    id: column.key,
    title: chartTitle(column),
    column: column.key,
    kind: PIE_KINDS.has(column.kind) ? 'pie' : 'bar',
    columnKind: column.kind,
  }));
}

/** "Rows by Environment", "Rows by Server: OS base", "Rows by Created (month)". */
export function chartTitle(column: Pick<ReportColumn, 'label' | 'kind'>): string {
  const label = column.label.trim() || 'value';
  return column.kind === 'date' ? `Rows by ${label} (month)` : `Rows by ${label}`;
}
