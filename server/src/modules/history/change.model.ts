import type { PrincipalKey } from '../access/access.model.js';

export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'RESTORE', 'LINK', 'UNLINK', 'GRANT', 'REVOKE'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const ACTOR_KINDS = ['USER', 'IMPORT', 'DISCOVERY', 'SYSTEM'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface FieldChangeData {
  path: string;
  before: unknown;
  after: unknown;
}

/** The path of a link or unlink in a diff: `relations.<KIND>.<in|out>`, whose value is the other end's global id. */
export function relationPath(kind: string, direction: 'in' | 'out'): string {
  return `relations.${kind}.${direction}`;
}

export function isRelationPath(path: string): boolean {
  return /^relations\.[A-Z_]+\.(in|out)$/.test(path);
}

/** A change of one entity as it travels on the event bus (plain JSON). */
export interface ChangeEvent {
  id: string;
  entityType: string;
  /** Global id of the entity. */
  entityId: string;
  operation: Operation;
  /** ISO 8601. */
  at: string;
  actor: { kind: ActorKind; id: string | null; workspaceTeamId: string | null };
  diff: FieldChangeData[];
  /** Who could read the entity after the change: only they receive the event. */
  readers: PrincipalKey[];
}

/** Field-by-field differences of the given fields between two versions of a document. */
export function diffFields<T extends object>(before: T | null, after: T, fields: readonly (keyof T & string)[]): FieldChangeData[] {
  const out: FieldChangeData[] = [];
  for (const field of fields) {
    const b = before ? before[field] : null;
    const a = after[field];
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ path: field, before: b ?? null, after: a ?? null });
  }
  return out;
}
