import type { ChangeViewFragment, Operation, Role } from '../../gql/graphql.ts';
import { formatDateTime } from '../../shared/format.ts';
import { isRole } from '../access/roles.ts';
import type { InventoryTypeDef, ScalarField } from '../inventory/inventory-model.ts';
import { formatScalar, isStringList } from '../inventory/item-values.ts';
import { RELATION_FIELDS, RELATION_KIND_LABELS } from '../inventory/relation-kinds.ts';
import { encodeGlobalId } from './global-ids.ts';

/**
 * Changes as people read them: what was done, by whom, and each field
 * before and after, in the words and units the item pages use.
 */

export const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'RESTORE', 'LINK', 'UNLINK', 'GRANT', 'REVOKE', 'LOCK', 'UNLOCK'];

export const OPERATION_LABELS: Readonly<Record<Operation, string>> = {
  CREATE: 'Created',
  UPDATE: 'Updated',
  DELETE: 'Deleted',
  RESTORE: 'Restored',
  LINK: 'Linked',
  UNLINK: 'Unlinked',
  GRANT: 'Access granted',
  REVOKE: 'Access revoked',
  LOCK: 'Locked',
  UNLOCK: 'Unlocked',
};

export function isOperation(value: string): value is Operation {
  return (OPERATIONS as readonly string[]).includes(value);
}

/** "just now", "12 s ago", "4 min ago", "3 h ago", then the date. */
export function formatAgo(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '—';
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 24 * 3600) return `${Math.floor(seconds / 3600)} h ago`;
  return formatDateTime(iso);
}

/** One line of a change, field by field. */
export type DiffRow =
  | { kind: 'value'; path: string; label: string; before: string | null; after: string | null }
  | { kind: 'list'; path: string; label: string; before: readonly string[]; after: readonly string[]; added: readonly string[]; removed: readonly string[] }
  /** `otherId` is null when the reader cannot read the other item: the API leaves it out. */
  | { kind: 'relation'; path: string; label: string; relationKind: string; linked: boolean; otherId: string | null }
  | { kind: 'access'; path: string; principal: { type: 'User' | 'Team'; id: string }; before: Role | null; after: Role | null }
  /** Locks against imports and discovery set or lifted: "Locked CPU, Role", "Unlocked the whole item". */
  | { kind: 'locks'; path: string; locked: readonly string[]; unlocked: readonly string[]; text: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "ipv4Private" → "Ipv4 private": for fields the dashboard does not declare. */
export function humanizePath(path: string): string {
  const words = path
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Any JSON value in words: yes/no, numbers, lists joined, objects as "key: value · …"; null when empty. */
export function formatJson(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const items = value.map(formatJson).filter((item): item is string => item !== null);
    return items.length > 0 ? items.join(', ') : null;
  }
  if (isRecord(value)) {
    const parts = Object.entries(value)
      .map(([key, inner]) => {
        const text = formatJson(inner);
        return text === null ? null : `${humanizePath(key)}: ${text}`;
      })
      .filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join(' · ') : null;
  }
  return String(value);
}

/** A declared field's value in words ("8 cores", "Linux", "Yes"), or the generic form when it is not what the field expects. */
function formatField(field: ScalarField, value: unknown): string | null {
  return formatScalar(field, value) ?? formatJson(value);
}

/** A row of a list of objects (a disk): its non-empty fields in order, "Mount: / · Size: 100 GB". */
function formatRecord(fields: readonly ScalarField[], value: unknown): string | null {
  if (!isRecord(value)) return formatJson(value);
  const parts = fields
    .map((field) => {
      const text = formatField(field, value[field.name]);
      return text === null ? null : `${field.label}: ${text}`;
    })
    .filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function listRow(path: string, label: string, before: readonly string[], after: readonly string[]): DiffRow | null {
  if (before.length === 0 && after.length === 0) return null;
  const had = new Set(before);
  const has = new Set(after);
  return {
    kind: 'list',
    path,
    label,
    before,
    after,
    added: after.filter((item) => !had.has(item)),
    removed: before.filter((item) => !has.has(item)),
  };
}

function valueRow(path: string, label: string, before: string | null, after: string | null): DiffRow | null {
  if (before === null && after === null) return null;
  return { kind: 'value', path, label, before, after };
}

function stringsOf(value: unknown): string[] {
  return isStringList(value) ? value : [];
}

function stateLabel(active: unknown): string | null {
  return active === true ? 'Active' : active === false ? 'Deleted' : null;
}

function textsOf(value: unknown, format: (item: unknown) => string | null): string[] {
  if (!Array.isArray(value)) return [];
  return value.map(format).filter((item): item is string => item !== null);
}

/** The label of a relation path (`relations.RUNS_ON.in` on a server → "Runs here"). */
export function relationLabel(type: string, kind: string, direction: string): string {
  const field = RELATION_FIELDS.find(
    (candidate) => candidate.kind === kind && candidate.direction === direction && !candidate.only && (candidate.on as readonly string[]).includes(type),
  );
  if (field) return field.label;
  const known = Object.entries(RELATION_KIND_LABELS).find(([code]) => code === kind)?.[1];
  return `${known ?? humanizePath(kind)}${direction === 'in' ? ' (from the other side)' : ''}`;
}

interface Grant {
  type: 'User' | 'Team';
  key: string;
  role: Role;
}

/** `user:<hex>:read` → who and which role. */
function parseGrant(value: unknown): Grant | null {
  if (typeof value !== 'string') return null;
  const [kind, key, role] = value.split(':');
  const upper = role?.toUpperCase() ?? '';
  if ((kind !== 'user' && kind !== 'team') || !key || !isRole(upper)) return null;
  return { type: kind === 'user' ? 'User' : 'Team', key, role: upper };
}

function grantsOf(value: unknown): Map<string, Grant> {
  const grants = new Map<string, Grant>();
  if (!Array.isArray(value)) return grants;
  for (const item of value) {
    const grant = parseGrant(item);
    if (grant) grants.set(`${grant.type}:${grant.key}`, grant);
  }
  return grants;
}

/** Roles given, taken or changed, one row per user or team. */
function accessRows(before: unknown, after: unknown): DiffRow[] {
  const had = grantsOf(before);
  const has = grantsOf(after);
  const rows: DiffRow[] = [];
  for (const key of new Set([...had.keys(), ...has.keys()])) {
    const was = had.get(key);
    const now = has.get(key);
    const grant = now ?? was;
    if (!grant || was?.role === now?.role) continue;
    rows.push({
      kind: 'access',
      path: 'access',
      principal: { type: grant.type, id: encodeGlobalId(grant.type, grant.key) },
      before: was?.role ?? null,
      after: now?.role ?? null,
    });
  }
  return rows;
}

interface Locks {
  all: boolean;
  fields: string[];
}

function locksOf(value: unknown): Locks {
  if (!isRecord(value)) return { all: false, fields: [] };
  return { all: value.all === true, fields: stringsOf(value.fields) };
}

/** The label of a top-level field by name ("cpu" → "CPU"), as the item page shows it. */
function topFieldLabel(def: InventoryTypeDef | undefined, name: string): string {
  return def?.fields.find((field) => field.name === name)?.label ?? humanizePath(name);
}

/**
 * A change of locks in words, from its `locks` before and after
 * (`{ all, fields }`): what was locked, then what was unlocked, the whole
 * item first. Null when nothing differs.
 */
export function lockRow(def: InventoryTypeDef | undefined, before: unknown, after: unknown): DiffRow | null {
  const was = locksOf(before);
  const now = locksOf(after);
  const locked: string[] = [];
  const unlocked: string[] = [];
  if (now.all && !was.all) locked.push('the whole item');
  if (was.all && !now.all) unlocked.push('the whole item');
  const order = (names: string[]) => {
    const declared = def?.fields.map((field) => field.name) ?? [];
    const rank = (name: string) => (declared.includes(name) ? declared.indexOf(name) : declared.length);
    return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  };
  locked.push(...order(now.fields.filter((field) => !was.fields.includes(field))).map((field) => topFieldLabel(def, field)));
  unlocked.push(...order(was.fields.filter((field) => !now.fields.includes(field))).map((field) => topFieldLabel(def, field)));
  if (locked.length === 0 && unlocked.length === 0) return null;
  const sentences = [locked.length > 0 ? `Locked ${locked.join(', ')}` : null, unlocked.length > 0 ? `Unlocked ${unlocked.join(', ')}` : null];
  return { kind: 'locks', path: 'locks', locked, unlocked, text: sentences.filter((sentence) => sentence !== null).join('; ') };
}

function fieldRows(def: InventoryTypeDef | undefined, path: string, before: unknown, after: unknown): DiffRow[] {
  const field = def?.fields.find((candidate) => candidate.name === path);
  if (!field) {
    if (path === 'active') {
      const row = valueRow(path, 'State', stateLabel(before), stateLabel(after));
      return row ? [row] : [];
    }
    if (isStringList(before ?? []) && isStringList(after ?? [])) {
      const row = listRow(path, humanizePath(path), stringsOf(before), stringsOf(after));
      return row ? [row] : [];
    }
    const row = valueRow(path, humanizePath(path), formatJson(before), formatJson(after));
    return row ? [row] : [];
  }
  if (field.kind === 'group') {
    // One row per part of the nested object that changed: "Operating system · Version 11 → 12".
    const was = isRecord(before) ? before : {};
    const now = isRecord(after) ? after : {};
    return field.fields.flatMap((sub) => {
      if (JSON.stringify(was[sub.name] ?? null) === JSON.stringify(now[sub.name] ?? null)) return [];
      const subPath = `${path}.${sub.name}`;
      const label = `${field.label} · ${sub.label}`;
      const row =
        sub.kind === 'list'
          ? listRow(subPath, label, stringsOf(was[sub.name]), stringsOf(now[sub.name]))
          : valueRow(subPath, label, formatField(sub, was[sub.name]), formatField(sub, now[sub.name]));
      return row ? [row] : [];
    });
  }
  if (field.kind === 'rows') {
    const row = listRow(
      path,
      field.label,
      textsOf(before, (item) => formatRecord(field.fields, item)),
      textsOf(after, (item) => formatRecord(field.fields, item)),
    );
    return row ? [row] : [];
  }
  if (field.kind === 'list') {
    const row = listRow(path, field.label, stringsOf(before), stringsOf(after));
    return row ? [row] : [];
  }
  const row = valueRow(path, field.label, formatField(field, before), formatField(field, after));
  return row ? [row] : [];
}

/**
 * The rows of a change, in the order the API lists its fields. Fields empty
 * on both sides are left out; relation paths become links to the other item;
 * the access list becomes the roles given and taken.
 */
export function diffRows(def: InventoryTypeDef | undefined, change: Pick<ChangeViewFragment, 'entityType' | 'diff'> & { operation?: string }): DiffRow[] {
  return change.diff.flatMap(({ path, before, after, hidden }) => {
    if (path === 'access') return accessRows(before, after);
    if (path === 'locks') {
      const row = lockRow(def, before, after);
      return row ? [row] : [];
    }
    const relation = /^relations\.([A-Z_]+)\.(in|out)$/.exec(path);
    if (relation?.[1] && relation[2]) {
      const label = relationLabel(change.entityType, relation[1], relation[2]);
      if (hidden) return [{ kind: 'relation', path, label, relationKind: relation[1], linked: change.operation !== 'UNLINK', otherId: null }];
      const linked = typeof after === 'string';
      const otherId = linked ? after : before;
      if (typeof otherId !== 'string') return [];
      return [{ kind: 'relation', path, label, relationKind: relation[1], linked, otherId }];
    }
    return fieldRows(def, path, before, after);
  });
}

/** Ids of the other items the changes' relation rows name, once each, sorted (for a stable look-up). */
export function relatedIds(rows: readonly DiffRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) if (row.kind === 'relation' && row.otherId) ids.add(row.otherId);
  return [...ids].sort();
}
