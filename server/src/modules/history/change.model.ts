import type { PrincipalKey } from '../access/access.model.js';

export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'RESTORE', 'LINK', 'UNLINK', 'GRANT', 'REVOKE', 'LOCK', 'UNLOCK'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const ACTOR_KINDS = ['USER', 'IMPORT', 'DISCOVERY', 'SYSTEM'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * Who or what made a change, as stored with it. `id` is the user's hex id
 * for USER, the import's for IMPORT, the connection's for DISCOVERY, and
 * null for SYSTEM; `name` is how it was called when it wrote; `userId` is
 * the person behind it (the user, or who ran the import); `runId` groups
 * the changes of one import or one discovery run.
 */
export interface ActorData {
  kind: ActorKind;
  id: string | null;
  name?: string | null;
  userId?: string | null;
  workspaceTeamId: string | null;
  runId?: string | null;
}

/** The types of global id an actor's id is, by kind. */
export const ACTOR_ID_TYPES: Readonly<Record<ActorKind, string | null>> = { USER: 'User', IMPORT: 'Import', DISCOVERY: 'Connection', SYSTEM: null };

/** Sources that are not a person: they never overwrite a locked field. */
export function isAutomated(kind: ActorKind): boolean {
  return kind === 'IMPORT' || kind === 'DISCOVERY' || kind === 'SYSTEM';
}

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
  actor: ActorData;
  diff: FieldChangeData[];
  /** For a change of a link: the global ids of its two ends, whose subscribers receive it too. */
  ends?: string[];
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
