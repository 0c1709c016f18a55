import type { RelationKind } from '../../gql/graphql.ts';
import type { InventoryTypeName } from './inventory-model.ts';

/**
 * The typed edges of the inventory graph, as the API declares them (see the
 * RelationKind enum in the schema): which types each kind connects, and the
 * relation fields each type exposes in both directions.
 */

export interface RelationKindDef {
  kind: RelationKind;
  from: readonly InventoryTypeName[];
  to: readonly InventoryTypeName[];
  /** "runs on": read between the two ends, `from` first. */
  verb: string;
}

const DEPLOYABLE: readonly InventoryTypeName[] = ['Application', 'Database', 'LoadBalancer', 'Resource'];

export const RELATION_KINDS: Readonly<Record<RelationKind, RelationKindDef>> = {
  RUNS_ON: { kind: 'RUNS_ON', from: DEPLOYABLE, to: ['Server'], verb: 'runs on' },
  DEPENDS_ON: {
    kind: 'DEPENDS_ON',
    from: ['Application', 'Resource'],
    to: ['Application', 'Database', 'Resource', 'LoadBalancer', 'Service'],
    verb: 'depends on',
  },
  TARGETS: { kind: 'TARGETS', from: ['LoadBalancer'], to: ['Server', 'Application'], verb: 'targets' },
  PART_OF: { kind: 'PART_OF', from: DEPLOYABLE, to: ['System'], verb: 'is part of' },
  SERVES: { kind: 'SERVES', from: ['System'], to: ['Client'], verb: 'serves' },
  ENTRY_POINT: { kind: 'ENTRY_POINT', from: ['System'], to: ['Application'], verb: 'starts at' },
  LOCATED_IN: {
    kind: 'LOCATED_IN',
    from: ['Server', 'Network', 'Volume', 'Image', 'Flavor', 'Snapshot', ...DEPLOYABLE],
    to: ['Datacenter'],
    verb: 'is located in',
  },
  ATTACHED_TO: { kind: 'ATTACHED_TO', from: ['Volume'], to: ['Server'], verb: 'is attached to' },
  USES: { kind: 'USES', from: ['Server'], to: ['Network'], verb: 'uses' },
};

/** Short names of kinds, for the `via` of a graph hop. */
export const RELATION_KIND_LABELS: Readonly<Record<RelationKind, string>> = {
  RUNS_ON: 'Runs on',
  DEPENDS_ON: 'Depends on',
  TARGETS: 'Targets',
  PART_OF: 'Part of',
  SERVES: 'Serves',
  ENTRY_POINT: 'Entry point',
  LOCATED_IN: 'Located in',
  ATTACHED_TO: 'Attached to',
  USES: 'Uses',
};

/** A relation field of a type: a connection of neighbours by one kind, in one direction. */
export interface RelationFieldDef {
  /** The types that have the field. */
  on: readonly InventoryTypeName[];
  /** The GraphQL field, e.g. `runsOn`. */
  field: string;
  label: string;
  kind: RelationKind;
  /** `out`: the item is the `from` end; `in`: it is the `to` end. */
  direction: 'out' | 'in';
  /** Only neighbours of these types: a narrower view of another field, not offered when linking. */
  only?: readonly InventoryTypeName[];
}

export const RELATION_FIELDS: readonly RelationFieldDef[] = [
  { on: DEPLOYABLE, field: 'runsOn', label: 'Runs on', kind: 'RUNS_ON', direction: 'out' },
  { on: ['Server'], field: 'runs', label: 'Runs here', kind: 'RUNS_ON', direction: 'in' },
  { on: ['Application', 'Resource'], field: 'dependsOn', label: 'Depends on', kind: 'DEPENDS_ON', direction: 'out' },
  {
    on: ['Application', 'Database', 'Resource', 'LoadBalancer', 'Service'],
    field: 'dependents',
    label: 'Needed by',
    kind: 'DEPENDS_ON',
    direction: 'in',
  },
  { on: ['LoadBalancer'], field: 'targets', label: 'Targets', kind: 'TARGETS', direction: 'out' },
  { on: ['Server', 'Application'], field: 'targetedBy', label: 'Targeted by', kind: 'TARGETS', direction: 'in' },
  { on: DEPLOYABLE, field: 'systems', label: 'Part of systems', kind: 'PART_OF', direction: 'out' },
  { on: ['System'], field: 'components', label: 'Components', kind: 'PART_OF', direction: 'in' },
  { on: ['System'], field: 'applications', label: 'Applications', kind: 'PART_OF', direction: 'in', only: ['Application'] },
  { on: ['System'], field: 'entryPoints', label: 'Entry points', kind: 'ENTRY_POINT', direction: 'out' },
  { on: ['Application'], field: 'entryPointOf', label: 'Entry point of', kind: 'ENTRY_POINT', direction: 'in' },
  { on: ['System'], field: 'clients', label: 'Serves clients', kind: 'SERVES', direction: 'out' },
  { on: ['Client'], field: 'systems', label: 'Served by systems', kind: 'SERVES', direction: 'in' },
  {
    on: ['Server', 'Network', 'Volume', 'Image', 'Flavor', 'Snapshot', ...DEPLOYABLE],
    field: 'datacenters',
    label: 'Located in',
    kind: 'LOCATED_IN',
    direction: 'out',
  },
  { on: ['Datacenter'], field: 'contents', label: 'Contents', kind: 'LOCATED_IN', direction: 'in' },
  { on: ['Datacenter'], field: 'servers', label: 'Servers', kind: 'LOCATED_IN', direction: 'in', only: ['Server'] },
  { on: ['Volume'], field: 'attachedTo', label: 'Attached to', kind: 'ATTACHED_TO', direction: 'out' },
  { on: ['Server'], field: 'volumes', label: 'Volumes', kind: 'ATTACHED_TO', direction: 'in' },
  { on: ['Server'], field: 'networks', label: 'Uses networks', kind: 'USES', direction: 'out' },
  { on: ['Network'], field: 'usedBy', label: 'Used by', kind: 'USES', direction: 'in' },
];

/** The relation fields of a type, in the order above. */
export function relationFieldsOf(type: InventoryTypeName): RelationFieldDef[] {
  return RELATION_FIELDS.filter((field) => field.on.includes(type));
}

/** The types at the other end of a relation field. */
export function otherEndTypes(field: RelationFieldDef): readonly InventoryTypeName[] {
  if (field.only) return field.only;
  const kind = RELATION_KINDS[field.kind];
  return field.direction === 'out' ? kind.to : kind.from;
}

/** Whether items of `type` can have DEPENDS_ON edges of their own (the dependency tree maker). */
export function canDepend(type: InventoryTypeName): boolean {
  return RELATION_KINDS.DEPENDS_ON.from.includes(type);
}

/** The `from` and `to` of an edge of `field` between `self` and `other`. */
export function edgeEnds(field: RelationFieldDef, self: string, other: string): { from: string; to: string } {
  return field.direction === 'out' ? { from: self, to: other } : { from: other, to: self };
}
