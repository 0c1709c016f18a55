/** Plain data of a status check: what crosses Redis and what resolvers return. */

export const COMPONENT_KINDS = ['API', 'DATABASE', 'REDIS', 'QUEUE'] as const;
export type ComponentKindValue = (typeof COMPONENT_KINDS)[number];

export interface ComponentReport {
  name: string;
  kind: ComponentKindValue;
  ok: boolean;
  latencyMs: number | null;
  detail: string | null;
}

export interface StatusReport {
  ok: boolean;
  /** ISO 8601. */
  checkedAt: string;
  /** The process that ran the check, e.g. `api:host:1234` or `worker:host:5678`. */
  checkedBy: string;
  components: ComponentReport[];
}

/** What subscribers care about: which components are up. Latency alone is no change. */
export function statusSignature(report: StatusReport): string {
  return report.components.map((c) => `${c.name}=${c.ok ? 1 : 0}`).join(',');
}
