import type { Cell, ColumnKind, ReportRow } from '../report-table.js';
import type { ChartSpec } from './chart-specs.js';

/** Distinct values kept per chart while rows stream; values first seen beyond this count in `other`. */
export const MAX_DISTINCT = 1_000;
/** Buckets a finished chart keeps by default; the rest are folded into `other`. */
export const DEFAULT_TOP = 20;
/** A pie with more slices than this (buckets, other and none together) is drawn as bars. */
export const PIE_MAX_SLICES = 8;
/** Longer values are cut (with "…") before they are counted: memory stays bounded whatever the cells hold. */
export const MAX_LABEL_LENGTH = 100;

export interface ChartBucket {
  label: string;
  count: number;
}

/** A counted chart, small enough to keep with the run it belongs to. */
export interface ChartData {
  id: string;
  title: string;
  kind: 'pie' | 'bar';
  column: string;
  /**
   * Counted values, most frequent first (ties by label); date and number
   * charts list the same buckets in their own order (months, values ascending).
   */
  buckets: ChartBucket[];
  /** Values beyond MAX_DISTINCT, beyond the top buckets, or unreadable (a date that is not one). */
  other: number;
  /** Rows without a value: null, empty text, an empty list ("(none)"). */
  empty: number;
  /** Rows counted. A list counts once per item, so its buckets can add up to more. */
  total: number;
}

interface Tally {
  spec: ChartSpec;
  counts: Map<string, number>;
  other: number;
  empty: number;
}

/** A value that is there but cannot be bucketed (a date that does not parse). */
const UNREADABLE = Symbol('unreadable');

/**
 * Counts rows into each chart as they stream, in bounded memory: at most
 * MAX_DISTINCT distinct values per chart, each at most MAX_LABEL_LENGTH long.
 */
export class ChartAccumulator {
  private readonly tallies: Tally[];
  private rows = 0;

  constructor(specs: readonly ChartSpec[]) {
    this.tallies = specs.map((spec) => ({ spec, counts: new Map(), other: 0, empty: 0 }));
  }

  add(row: ReportRow): void {
    this.rows += 1;
    for (const tally of this.tallies) {
      const labels = labelsOf(tally.spec.columnKind, row[tally.spec.column]);
      if (labels === UNREADABLE) tally.other += 1;
      else if (labels.length === 0) tally.empty += 1;
      else for (const label of labels) count(tally, label);
    }
  }

  /** The charts as counted so far, each with its `top` most frequent buckets (the rest in `other`). */
  result(top: number = DEFAULT_TOP): ChartData[] {
    const keep = Number.isFinite(top) ? Math.max(0, Math.floor(top)) : DEFAULT_TOP;
    return this.tallies.map(({ spec, counts, other, empty }) => {
      const ranked = [...counts].map(([label, count]) => ({ label, count })).sort(byCountThenLabel);
      const kept = ranked.slice(0, keep);
      const folded = ranked.slice(keep).reduce((sum, bucket) => sum + bucket.count, 0);
      const buckets = orderForDisplay(kept, spec.columnKind);
      const slices = buckets.length + (other + folded > 0 ? 1 : 0) + (empty > 0 ? 1 : 0);
      return {
        id: spec.id,
        title: spec.title,
        kind: spec.kind === 'pie' && slices <= PIE_MAX_SLICES ? 'pie' : 'bar',
        column: spec.column,
        buckets,
        other: other + folded,
        empty,
        total: this.rows,
      };
    });
  }
}

function count(tally: Tally, label: string): void {
  const seen = tally.counts.get(label);
  if (seen !== undefined) tally.counts.set(label, seen + 1);
  else if (tally.counts.size < MAX_DISTINCT) tally.counts.set(label, 1);
  else tally.other += 1;
}

/** The labels a cell counts under: none when it is empty, one per distinct item for a list. */
function labelsOf(kind: ColumnKind, cell: Cell | undefined): string[] | typeof UNREADABLE {
  if (Array.isArray(cell)) {
    const items = new Set<string>();
    for (const item of cell) {
      const label = textOf(item);
      if (label !== null) items.add(label);
    }
    return [...items];
  }
  if (kind === 'date') {
    if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) return [];
    const month = monthOf(cell);
    return month === null ? UNREADABLE : [month];
  }
  const label = textOf(cell);
  return label === null ? [] : [label];
}

/** What people read for a value; null when there is none. */
function textOf(value: unknown): string | null {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  if (text.length <= MAX_LABEL_LENGTH) return text;
  return `${Array.from(text).slice(0, MAX_LABEL_LENGTH - 1).join('')}…`;
}

const ISO_MONTH = /^(\d{4})-(\d{2})(?:$|-|T)/;

/** "2026-03" for an ISO date or timestamp (the month as written, not converted to UTC); null when it is not a date. */
function monthOf(cell: Cell): string | null {
  if (typeof cell === 'string') {
    const match = ISO_MONTH.exec(cell.trim());
    if (match) {
      const month = Number(match[2]);
      return month >= 1 && month <= 12 ? `${match[1]}-${match[2]}` : null;
    }
  }
  if (typeof cell !== 'string' && typeof cell !== 'number') return null;
  const time = typeof cell === 'number' ? cell : Date.parse(cell);
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 7);
}

function byCountThenLabel(a: ChartBucket, b: ChartBucket): number {
  return b.count - a.count || compareText(a.label, b.label);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Months read in time order and numbers in value order; other charts keep the most frequent first. */
function orderForDisplay(buckets: ChartBucket[], kind: ColumnKind): ChartBucket[] {
  if (kind === 'date') return [...buckets].sort((a, b) => compareText(a.label, b.label));
  if (kind === 'number') {
    return [...buckets].sort((a, b) => {
      const x = Number(a.label);
      const y = Number(b.label);
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? compareText(a.label, b.label) : Number.isNaN(x) ? 1 : -1;
      return x - y;
    });
  }
  return buckets;
}
