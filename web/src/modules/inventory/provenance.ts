import type { ActorViewFragment, FieldProvenanceViewFragment, ItemLocksViewFragment, LockInput } from '../../gql/graphql.ts';
import { formatDateTime } from '../../shared/format.ts';
import { actorLabel } from '../history/actors.ts';
import { formatAgo } from '../history/change-format.ts';

/**
 * Where an item's values come from and what automated sources must leave
 * alone, in the item page's words: "set by Ada · 3 h ago", "import #12",
 * "aws-prod (discovery)", "Created by …", "Not seen by discovery since …".
 */

/** Shown with every lock icon. */
export const LOCKED_NOTE = 'Locked against imports and discovery';

/** Each field's last source, by field name (top-level: `os`, `storage`). */
export function provenanceByField(provenance: readonly FieldProvenanceViewFragment[]): ReadonlyMap<string, FieldProvenanceViewFragment> {
  return new Map(provenance.map((entry) => [entry.field, entry]));
}

/** Who set a value: "set by you", "set by Ada", "import #12", "aws-prod (discovery)", "Maestro (seed)". */
export function sourceLabel(source: ActorViewFragment, meId: string | null | undefined): string {
  const who = actorLabel(source, meId);
  return source.kind === 'USER' ? `set by ${who}` : who;
}

export interface ProvenanceText {
  /** "import #12 · 3 h ago". */
  label: string;
  /** The exact time, for a tooltip. */
  title: string;
}

/** A field's provenance beside its value: who, then how long ago; the exact time in the tooltip. */
export function provenanceText(entry: FieldProvenanceViewFragment, meId: string | null | undefined, now: number): ProvenanceText {
  return { label: `${sourceLabel(entry.source, meId)} · ${formatAgo(entry.at, now)}`, title: formatDateTime(entry.at) };
}

/** "Created by Ada", "Created by import #12"; null when the source is not known (items older than provenance). */
export function createdByLabel(origin: ActorViewFragment | null, meId: string | null | undefined): string | null {
  return origin ? `Created by ${actorLabel(origin, meId)}` : null;
}

/** For an item discovery no longer sees: "Not seen by discovery since 12 Mar 2026, 14:05"; null otherwise. */
export function lastSeenNote(lastSeenAt: string | null | undefined): string | null {
  return lastSeenAt ? `Not seen by discovery since ${formatDateTime(lastSeenAt)}` : null;
}

/** A field is kept from imports and discovery when it is locked, or the whole item is. */
export function isFieldLocked(locks: ItemLocksViewFragment, field: string): boolean {
  return locks.all || locks.fields.includes(field);
}

/**
 * What to ask to turn one lock over: a field (by name), or the whole item
 * (`all`). `lock` says whether to lock it, from whether it is locked now.
 */
export function lockToggle(itemId: string, locks: ItemLocksViewFragment, target: { field: string } | 'all'): { lock: boolean; input: LockInput } {
  if (target === 'all') return { lock: !locks.all, input: { id: itemId, all: true } };
  return { lock: !locks.fields.includes(target.field), input: { id: itemId, fields: [target.field] } };
}
