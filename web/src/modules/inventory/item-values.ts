import type { NodeRefFragment, RelatedItemsFragment } from '../../gql/graphql.ts';
import { formatList } from '../../shared/format.ts';
import { DATABASE_ENGINE_LABELS, ENVIRONMENT_LABELS, NETWORK_KIND_LABELS, PROVIDER_LABELS, optionLabel } from './enum-labels.ts';
import type { FieldDef, InventoryTypeDef, ScalarField } from './inventory-model.ts';

/** Reading declared fields out of items whose type the code does not know. */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`os.base`); undefined when any step is missing. */
export function valueAt(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The objects of a list-of-objects field. */
export function recordsAt(source: unknown, path: string): Array<Record<string, unknown>> {
  const value = valueAt(source, path);
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A relation field's page of neighbours, when the item carries it. */
export function relatedAt(source: unknown, field: string): RelatedItemsFragment | null {
  const value = valueAt(source, field);
  if (!isRecord(value) || typeof value.totalCount !== 'number' || !Array.isArray(value.edges)) return null;
  // The item query selects every relation field with ...RelatedItems.
  return value as unknown as RelatedItemsFragment;
}

/** A scalar value as words: enum labels, units, yes/no, lists joined; null when empty. */
export function formatScalar(field: ScalarField, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (field.kind) {
    case 'enum':
      return typeof value === 'string' ? optionLabel(field.options, value) : null;
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : null;
    case 'number':
      return typeof value === 'number' ? `${value.toLocaleString()}${field.unit ? ` ${field.unit}` : ''}` : null;
    case 'list':
      return isStringList(value) && value.length > 0 ? formatList(value) : null;
    case 'text':
      return typeof value === 'string' ? value : null;
  }
}

/** The name of an item: its hostname or name. */
export function itemName(def: InventoryTypeDef, item: unknown): string {
  const value = valueAt(item, def.nameField);
  return typeof value === 'string' ? value : '';
}

/** The declared field at a dotted path (`os.base` inside the `os` group). */
export function fieldAt(def: InventoryTypeDef, path: string): FieldDef | undefined {
  const [head, rest] = path.split('.', 2);
  const field = def.fields.find((f) => f.name === head);
  if (!rest || !field) return field;
  return field.kind === 'group' || field.kind === 'rows' ? field.fields.find((f) => f.name === rest) : undefined;
}

/** The label of an input path (`input.storage.0.sizeGb` → "Storage 1 · Size"), for warnings. */
export function pathLabel(def: InventoryTypeDef, path: string): string | null {
  const parts = (path.startsWith('input.') ? path.slice('input.'.length) : path).split('.');
  const field = def.fields.find((f) => f.name === parts[0]);
  if (!field) return null;
  if (field.kind === 'group') {
    const sub = field.fields.find((f) => f.name === parts[1]);
    return sub ? `${field.label} · ${sub.label}` : field.label;
  }
  if (field.kind === 'rows') {
    const index = Number(parts[1]);
    const sub = field.fields.find((f) => f.name === parts[2]);
    const row = Number.isInteger(index) ? `${field.label} ${index + 1}` : field.label;
    return sub ? `${row} · ${sub.label}` : row;
  }
  return field.label;
}

/** Users and teams also implement Node: only inventory items have a name here. */
export function nodeLabel(node: NodeRefFragment): string {
  if ('hostname' in node) return node.hostname;
  if ('name' in node) return node.name;
  return node.id;
}

/** A few words about a node under its name: provider, address, environment, engine, kind. */
export function nodeDetail(node: NodeRefFragment): string {
  const parts: string[] = [];
  if ('provider' in node) parts.push(PROVIDER_LABELS[node.provider]);
  if ('ipv4Private' in node && node.ipv4Private) parts.push(node.ipv4Private);
  if ('engine' in node) parts.push(DATABASE_ENGINE_LABELS[node.engine]);
  if ('kind' in node) parts.push(NETWORK_KIND_LABELS[node.kind]);
  if ('environment' in node && node.environment) parts.push(ENVIRONMENT_LABELS[node.environment]);
  return parts.join(' · ');
}
