import type { ComponentKind, StatusViewFragment } from '../../gql/graphql.ts';

export type StatusView = StatusViewFragment;
export type ComponentView = StatusView['components'][number];

/**
 * The newer of two status reports, by check time. The query result and the
 * subscription events each hold a full report, so the page shows whichever
 * was checked last; on a tie the second one (the live event) wins.
 */
export function latestStatus(
  first: StatusView | null | undefined,
  second: StatusView | null | undefined,
): StatusView | undefined {
  if (!first) return second ?? undefined;
  if (!second) return first;
  return Date.parse(second.checkedAt) >= Date.parse(first.checkedAt) ? second : first;
}

const KNOWN_LABELS: Record<string, string> = {
  api: 'API processes',
  mongodb: 'MongoDB',
  redis: 'Redis',
};

/** A readable label for a component name: `queue:discovery` → `Discovery queue`. */
export function componentLabel(name: string): string {
  const known = KNOWN_LABELS[name];
  if (known) return known;
  if (name.startsWith('queue:')) {
    const queue = name.slice('queue:'.length);
    return `${queue.charAt(0).toUpperCase()}${queue.slice(1)} queue`;
  }
  return name;
}

export const KIND_LABELS: Record<ComponentKind, string> = {
  API: 'API',
  DATABASE: 'Database',
  REDIS: 'Redis',
  QUEUE: 'Worker queue',
};

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago`. */
export function formatAge(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

export interface StatusSummary {
  total: number;
  up: number;
  down: number;
  slowest: ComponentView | undefined;
}

export function summarize(status: StatusView): StatusSummary {
  const up = status.components.filter((c) => c.ok).length;
  let slowest: ComponentView | undefined;
  for (const component of status.components) {
    if (component.latencyMs === null) continue;
    if (!slowest || (slowest.latencyMs ?? 0) < component.latencyMs) slowest = component;
  }
  return { total: status.components.length, up, down: status.components.length - up, slowest };
}

export interface ComponentGroup {
  id: 'core' | 'queues';
  title: string;
  description: string;
  components: ComponentView[];
}

/** Core services first (API, database, Redis), then the worker queues, each in a stable order. */
export function groupComponents(components: readonly ComponentView[]): ComponentGroup[] {
  const core = components.filter((c) => c.kind !== 'QUEUE');
  const queues = components.filter((c) => c.kind === 'QUEUE').sort((a, b) => a.name.localeCompare(b.name));
  const groups: ComponentGroup[] = [
    { id: 'core', title: 'Core services', description: 'API processes, database and Redis', components: core },
    { id: 'queues', title: 'Worker queues', description: 'Each queue answers a ping job through a live worker', components: queues },
  ];
  return groups.filter((group) => group.components.length > 0);
}

export function overallHeadline(status: StatusView): string {
  if (status.ok) return 'All systems operational';
  const { down, total } = summarize(status);
  return `${down} of ${total} component${total === 1 ? '' : 's'} down`;
}
