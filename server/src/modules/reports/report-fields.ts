import { DEFINITIONS } from '../inventory/definitions.js';
import type { EntityDef } from '../inventory/engine/entity-def.js';
import type { ScalarSpec } from '../inventory/engine/field-spec.js';
import type { ColumnKind, ReportColumn } from './report-table.js';

/**
 * The fields a report can show and filter, per inventory type: every field
 * of the type's declaration (an object's fields flattened, `os.base` →
 * `osBase`; lists of objects left out, they are no column), and the fields
 * every item has (id, active, createdAt, updatedAt).
 */
export interface ReportField {
  /** Column key and filter field, e.g. `hostname`, `osBase`, `createdAt`. */
  key: string;
  /** Where the value is in a stored item, e.g. `os.base`. */
  path: string;
  label: string;
  kind: ColumnKind;
  /** Enum values, for enum fields. */
  values?: readonly string[];
  /** Counted in charts: a category rather than a near-unique value. */
  chart: boolean;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ACRONYMS: Record<string, string> = { ipv4: 'IPv4', dns: 'DNS', cpu: 'CPU', os: 'OS', az: 'AZ', gb: 'GB' };
/** `ipv4Private` → "IPv4 private", `osBase` → "OS base". */
const words = (key: string) =>
  capital(
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(' ')
      .map((w) => ACRONYMS[w] ?? w)
      .join(' '),
  );

/** Text fields whose values are near-unique (names, addresses, ids, free text): no chart counts them. */
const UNIQUE_TEXT = /^(name|hostname|displayName|description|endpoint|healthCheck|ipv4Private|ipv4Public|dnsPrivate|dnsPublic|providerId|clusterProviderId|vpcProviderId|imageId|placementInstanceId|specEndpoint|specHealthCheck|id|url|cidr|snapshotId|volumeProviderId)$/;

function kindOf(spec: ScalarSpec): ColumnKind {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'strings':
      return 'list';
    default:
      return 'text';
  }
}

function fieldOf(key: string, path: string, spec: ScalarSpec): ReportField {
  const kind = kindOf(spec);
  return {
    key,
    path,
    label: words(key),
    kind,
    ...(spec.kind === 'enum' ? { values: spec.values } : {}),
    chart: kind === 'enum' || kind === 'boolean' || (kind === 'list' && key === 'tags') || (kind === 'text' && !UNIQUE_TEXT.test(key)) || (kind === 'number' && spec.kind === 'int' && !/port/i.test(key)),
  };
}

function fieldsOfDef(def: EntityDef): ReportField[] {
  const out: ReportField[] = [{ key: 'id', path: '_id', label: 'Id', kind: 'text', chart: false }];
  for (const [name, spec] of Object.entries(def.fields)) {
    if (spec.kind === 'objects') continue;
    if (spec.kind === 'object') {
      for (const [sub, subSpec] of Object.entries(spec.fields)) out.push(fieldOf(`${name}${capital(sub)}`, `${name}.${sub}`, subSpec));
    } else {
      out.push(fieldOf(name, name, spec));
    }
  }
  out.push(
    { key: 'active', path: 'active', label: 'Active', kind: 'boolean', chart: false },
    { key: 'createdAt', path: 'createdAt', label: 'Created', kind: 'date', chart: true },
    { key: 'updatedAt', path: 'updatedAt', label: 'Updated', kind: 'date', chart: false },
  );
  return out;
}

const BY_TYPE = new Map<string, ReportField[]>(DEFINITIONS.map((def) => [def.type, fieldsOfDef(def)]));

/** Inventory types a single-entity report can list. */
export const REPORT_TYPES: readonly string[] = DEFINITIONS.map((d) => d.type);

export function reportFieldsOf(type: string): ReportField[] {
  const fields = BY_TYPE.get(type);
  if (!fields) throw new Error(`no inventory type ${type}`);
  return fields;
}

export function definitionOf(type: string): EntityDef {
  return DEFINITIONS.find((d) => d.type === type)!;
}

/** The columns a report shows when it names none: the name, then the type's filterable scalar fields (at most 8). */
export function defaultColumns(type: string): string[] {
  const def = definitionOf(type);
  const rest = reportFieldsOf(type).filter((f) => f.key !== def.nameField && f.key !== 'id' && def.fields[f.key] && (def.fields[f.key] as ScalarSpec).filter && f.kind !== 'list');
  return [def.nameField, ...rest.slice(0, 7).map((f) => f.key), 'tags'].filter((k, i, all) => all.indexOf(k) === i && reportFieldsOf(type).some((f) => f.key === k));
}

/** The levels of a pivot report, top down, and how each is reached from the level above. */
export const PIVOT_LEVELS = ['CLIENT', 'SYSTEM', 'APPLICATION', 'SERVER', 'DATABASE', 'LOAD_BALANCER'] as const;
export type PivotLevel = (typeof PIVOT_LEVELS)[number];

export interface PivotLevelDef {
  level: PivotLevel;
  type: string;
  /** Column keys are `<prefix>.<field>`; labels start with the type's name. */
  prefix: string;
  label: string;
  /** The level it hangs under; null for the top. */
  parent: PivotLevel | null;
  /** The edges from a parent to its children at this level (several: the union). */
  via: Array<{ kind: 'SERVES' | 'PART_OF' | 'RUNS_ON' | 'DEPENDS_ON' | 'TARGETS'; direction: 'out' | 'in' }>;
}

export const PIVOT_LEVEL_DEFS: Readonly<Record<PivotLevel, PivotLevelDef>> = {
  CLIENT: { level: 'CLIENT', type: 'Client', prefix: 'client', label: 'Client', parent: null, via: [] },
  // A system SERVES a client: from the client, the edge comes in.
  SYSTEM: { level: 'SYSTEM', type: 'System', prefix: 'system', label: 'System', parent: 'CLIENT', via: [{ kind: 'SERVES', direction: 'in' }] },
  APPLICATION: { level: 'APPLICATION', type: 'Application', prefix: 'application', label: 'Application', parent: 'SYSTEM', via: [{ kind: 'PART_OF', direction: 'in' }] },
  SERVER: { level: 'SERVER', type: 'Server', prefix: 'server', label: 'Server', parent: 'APPLICATION', via: [{ kind: 'RUNS_ON', direction: 'out' }] },
  DATABASE: { level: 'DATABASE', type: 'Database', prefix: 'database', label: 'Database', parent: 'APPLICATION', via: [{ kind: 'DEPENDS_ON', direction: 'out' }] },
  // A load balancer in front of the application (it targets it), or one the application calls.
  LOAD_BALANCER: { level: 'LOAD_BALANCER', type: 'LoadBalancer', prefix: 'loadBalancer', label: 'Load balancer', parent: 'APPLICATION', via: [{ kind: 'TARGETS', direction: 'in' }, { kind: 'DEPENDS_ON', direction: 'out' }] },
};

/** The column of a level's field in a pivot report: `server.hostname`, "Server: Hostname". */
export function pivotColumn(level: PivotLevel, field: ReportField): ReportColumn {
  const def = PIVOT_LEVEL_DEFS[level];
  const nameField = definitionOf(def.type).nameField;
  return {
    key: `${def.prefix}.${field.key}`,
    label: `${def.label}: ${field.label}`,
    kind: field.kind,
    // In a pivot, the names of clients, systems and applications are what rows are counted by.
    chart: field.chart || (field.key === nameField && (level === 'CLIENT' || level === 'SYSTEM' || level === 'APPLICATION')),
  };
}

export function singleColumn(field: ReportField): ReportColumn {
  return { key: field.key, label: field.label, kind: field.kind, chart: field.chart };
}
