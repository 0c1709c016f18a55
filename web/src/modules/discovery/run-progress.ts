import type { DiscoveryEntryStatus, DiscoveryKind, DiscoveryRunStatus, DiscoveryRunViewFragment } from '../../gql/graphql.ts';
import { DISCOVERY_KINDS, KIND_LABELS } from './discovery-labels.ts';

/**
 * A discovery run as its pages show it: how far it has gone, its counts in
 * total, how long it took, and which of two reports of it is the newer.
 */

export type DiscoveryRunView = DiscoveryRunViewFragment;
export type DiscoveryRunEntry = DiscoveryRunView['entries'][number];

/** The counts of an entry, in the order tables show them. */
export const COUNT_FIELDS = ['found', 'created', 'updated', 'unchanged', 'deactivated', 'keptByLock', 'failed', 'linked', 'unlinked', 'linksSkipped'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
export type Counts = Readonly<Record<CountField, number>>;

export const COUNT_LABELS: Readonly<Record<CountField, string>> = {
  found: 'Found',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  deactivated: 'Deactivated',
  keptByLock: 'Kept by lock',
  failed: 'Failed',
  linked: 'Linked',
  unlinked: 'Unlinked',
  linksSkipped: 'Links skipped',
};

/** What each count means, for tooltips. */
export const COUNT_HINTS: Readonly<Record<CountField, string>> = {
  found: 'Resources the provider listed',
  created: 'New items in the inventory',
  updated: 'Items with a field that changed',
  unchanged: 'Items as they were',
  deactivated: 'Items no longer seen, marked deleted',
  keptByLock: 'Items with a locked field kept as it is',
  failed: 'Records the inventory refused',
  linked: 'Relations made',
  unlinked: 'Relations the provider no longer reports, removed',
  linksSkipped: 'Relations whose other end is not in the inventory yet, left for a later run',
};

const FINISHED_RUN: ReadonlySet<DiscoveryRunStatus> = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'SKIPPED']);
const DONE_ENTRY: ReadonlySet<DiscoveryEntryStatus> = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED']);

export function isRunFinished(status: DiscoveryRunStatus): boolean {
  return FINISHED_RUN.has(status);
}

export function isEntryDone(status: DiscoveryEntryStatus): boolean {
  return DONE_ENTRY.has(status);
}

/** Every count summed over entries. */
export function totalsOf(entries: readonly Counts[]): Counts {
  const totals = Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as Record<CountField, number>;
  for (const entry of entries) for (const field of COUNT_FIELDS) totals[field] += entry[field];
  return totals;
}

/** "12 found · 3 created · 1 failed": the counts that are not zero (found always); "Nothing found" when none is. */
export function formatCounts(counts: Counts): string {
  const parts = COUNT_FIELDS.filter((field) => field === 'found' || counts[field] > 0).map((field) => `${counts[field]} ${COUNT_LABELS[field].toLowerCase()}`);
  return counts.found === 0 && parts.length === 1 ? 'Nothing found' : parts.join(' · ');
}

export interface RunProgress {
  done: number;
  total: number;
  /** From 0 to 1; 1 for a finished run, whatever its entries say. */
  fraction: number;
}

/** How many of a run's jobs are done. */
export function runProgress(run: Pick<DiscoveryRunView, 'status' | 'entries'>): RunProgress {
  const total = run.entries.length;
  const done = run.entries.filter((entry) => isEntryDone(entry.status)).length;
  const fraction = isRunFinished(run.status) ? 1 : total === 0 ? 0 : done / total;
  return { done, total, fraction };
}

/** One job's bar: empty while queued, full once done, and null (under way, length unknown) while it runs. */
export function entryFraction(status: DiscoveryEntryStatus): number | null {
  if (isEntryDone(status)) return 1;
  return status === 'QUEUED' ? 0 : null;
}

/** "850 ms", "12 s", "3 min 5 s", "1 h 2 min"; an em dash while unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** How long a run has taken: its duration once finished, else the time since it started. */
export function elapsedMs(run: Pick<DiscoveryRunView, 'durationMs' | 'startedAt' | 'status'>, now: number): number | null {
  if (run.durationMs !== null) return run.durationMs;
  if (!run.startedAt || isRunFinished(run.status)) return null;
  const started = Date.parse(run.startedAt);
  return Number.isNaN(started) ? null : Math.max(0, now - started);
}

/** How far a report of a run has got: it only moves forward, job by job. */
function progressKey(run: Pick<DiscoveryRunView, 'status' | 'entries'>): number[] {
  const started = run.entries.filter((entry) => entry.status !== 'QUEUED').length;
  const attempts = run.entries.reduce((sum, entry) => sum + entry.attempts, 0);
  const done = run.entries.filter((entry) => isEntryDone(entry.status)).length;
  return [isRunFinished(run.status) ? 1 : 0, done, attempts, started, run.status === 'QUEUED' ? 0 : 1];
}

/**
 * The newer of two reports of one run (the page's query and the last live
 * event, which may arrive in either order); the second when they are as far.
 */
export function latestRun<T extends Pick<DiscoveryRunView, 'status' | 'entries'>>(a: T | null | undefined, b: T | null | undefined): T | null {
  if (!a) return b ?? null;
  if (!b) return a;
  const ka = progressKey(a);
  const kb = progressKey(b);
  for (let i = 0; i < ka.length; i += 1) {
    if (ka[i]! > kb[i]!) return a;
    if (ka[i]! < kb[i]!) return b;
  }
  return b;
}

/**
 * The newest run of a connection from two reports: the one created later,
 * or, of one run, the report that has got further.
 */
export function newestRun<T extends Pick<DiscoveryRunView, 'id' | 'createdAt' | 'status' | 'entries'>>(a: T | null | undefined, b: T | null | undefined): T | null {
  if (!a) return b ?? null;
  if (!b) return a;
  if (a.id === b.id) return latestRun(a, b);
  return Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a;
}

/**
 * A connection's runs, newest first, with what live events said since the
 * list was read: a run's report replaced by a newer one, runs started since
 * added at the top.
 */
export function mergeRuns<T extends Pick<DiscoveryRunView, 'id' | 'createdAt' | 'status' | 'entries'>>(listed: readonly T[], events: readonly T[]): T[] {
  const byId = new Map<string, T>(listed.map((run) => [run.id, run]));
  for (const event of events) byId.set(event.id, latestRun(byId.get(event.id), event) ?? event);
  return [...byId.values()].sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt));
}

/** Entries by kind (in the forms' order), then region. */
export function sortedEntries<T extends { kind: DiscoveryKind; region: string }>(entries: readonly T[]): T[] {
  const order = (kind: DiscoveryKind) => DISCOVERY_KINDS.indexOf(kind);
  return [...entries].sort((a, b) => order(a.kind) - order(b.kind) || a.region.localeCompare(b.region));
}

/**
 * What a toast says of a scheduled discovery that ended badly (some job
 * failed): the connection, the kinds, and the first error in words; null for
 * a run started by hand, or one that went well.
 */
export function scheduledFailureMessage(connectionName: string, run: Pick<DiscoveryRunView, 'trigger' | 'status' | 'entries'>): string | null {
  if (run.trigger !== 'SCHEDULE' || (run.status !== 'FAILED' && run.status !== 'PARTIAL')) return null;
  const failed = run.entries.filter((e) => e.status === 'FAILED');
  const kinds = [...new Set(failed.map((e) => KIND_LABELS[e.kind].toLowerCase()))].join(', ');
  const error = failed.find((e) => e.error)?.error;
  return `Scheduled discovery of ${kinds || 'resources'} with ${connectionName} failed${error ? `: ${error}` : '.'}`;
}

