/**
 * Typed edges of the inventory graph. Each kind says which types it
 * connects, names its two directions, and which way dependency runs: for
 * most kinds `from` depends on `to` (an application depends on the server
 * it runs on); for some the other way round (a server depends on the
 * volume attached to it, a system on the applications that are part of it).
 */

export const RELATION_KINDS = [
  'RUNS_ON',
  'DEPENDS_ON',
  'TARGETS',
  'PART_OF',
  'SERVES',
  'ENTRY_POINT',
  'LOCATED_IN',
  'ATTACHED_TO',
  'USES',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface RelationKindDef {
  kind: RelationKind;
  from: readonly string[];
  to: readonly string[];
  /** True when `from` depends on `to`; false when `to` depends on `from`. */
  fromDependsOnTo: boolean;
  description: string;
}

const DEPLOYABLE = ['Application', 'Database', 'LoadBalancer', 'Resource'] as const;

export const RELATION_KIND_DEFS: Readonly<Record<RelationKind, RelationKindDef>> = {
  RUNS_ON: { kind: 'RUNS_ON', from: DEPLOYABLE, to: ['Server'], fromDependsOnTo: true, description: 'runs on a server' },
  DEPENDS_ON: {
    kind: 'DEPENDS_ON',
    from: ['Application', 'Resource'],
    to: ['Application', 'Database', 'Resource', 'LoadBalancer', 'Service'],
    fromDependsOnTo: true,
    description: 'needs another item to work',
  },
  TARGETS: { kind: 'TARGETS', from: ['LoadBalancer'], to: ['Server', 'Application'], fromDependsOnTo: true, description: 'sends traffic to' },
  PART_OF: { kind: 'PART_OF', from: DEPLOYABLE, to: ['System'], fromDependsOnTo: false, description: 'belongs to a system' },
  SERVES: { kind: 'SERVES', from: ['System'], to: ['Client'], fromDependsOnTo: false, description: 'a system serves a client' },
  ENTRY_POINT: { kind: 'ENTRY_POINT', from: ['System'], to: ['Application'], fromDependsOnTo: true, description: 'where a system starts' },
  LOCATED_IN: { kind: 'LOCATED_IN', from: ['Server', 'Network', 'Volume', 'Image', 'Flavor', 'Snapshot', ...DEPLOYABLE], to: ['Datacenter'], fromDependsOnTo: true, description: 'lives in a datacenter' },
  ATTACHED_TO: { kind: 'ATTACHED_TO', from: ['Volume'], to: ['Server'], fromDependsOnTo: false, description: 'a volume attached to a server' },
  USES: { kind: 'USES', from: ['Server'], to: ['Network'], fromDependsOnTo: true, description: 'a server uses a network' },
};

/** A relation field on a type: its name, the kind, and which end the type is. */
export interface RelationField {
  on: readonly string[];
  name: string;
  kind: RelationKind;
  /** `out`: the type is `from`; `in`: it is `to`. */
  direction: 'out' | 'in';
  /** Only neighbours of these types. */
  types?: readonly string[];
  description: string;
}

/** Relation fields each type exposes, both directions of every kind. */
export const RELATION_FIELDS: readonly RelationField[] = [
  { on: DEPLOYABLE, name: 'runsOn', kind: 'RUNS_ON', direction: 'out', description: 'Servers it runs on.' },
  { on: ['Server'], name: 'runs', kind: 'RUNS_ON', direction: 'in', description: 'What runs on this server.' },
  { on: ['Application', 'Resource'], name: 'dependsOn', kind: 'DEPENDS_ON', direction: 'out', description: 'What it needs to work.' },
  { on: ['Application', 'Database', 'Resource', 'LoadBalancer', 'Service'], name: 'dependents', kind: 'DEPENDS_ON', direction: 'in', description: 'What needs it directly.' },
  { on: ['LoadBalancer'], name: 'targets', kind: 'TARGETS', direction: 'out', description: 'Where it sends traffic.' },
  { on: ['Server', 'Application'], name: 'targetedBy', kind: 'TARGETS', direction: 'in', description: 'Load balancers sending traffic here.' },
  { on: DEPLOYABLE, name: 'systems', kind: 'PART_OF', direction: 'out', description: 'Systems it is part of.' },
  { on: ['System'], name: 'applications', kind: 'PART_OF', direction: 'in', types: ['Application'], description: 'Applications of the system.' },
  { on: ['System'], name: 'components', kind: 'PART_OF', direction: 'in', description: 'Everything that is part of the system.' },
  { on: ['System'], name: 'clients', kind: 'SERVES', direction: 'out', description: 'Clients the system serves.' },
  { on: ['Client'], name: 'systems', kind: 'SERVES', direction: 'in', description: 'Systems serving this client.' },
  { on: ['System'], name: 'entryPoints', kind: 'ENTRY_POINT', direction: 'out', description: 'Applications where the system starts.' },
  { on: ['Application'], name: 'entryPointOf', kind: 'ENTRY_POINT', direction: 'in', description: 'Systems that start here.' },
  { on: ['Server', 'Network', 'Volume', 'Image', 'Flavor', 'Snapshot', ...DEPLOYABLE], name: 'datacenters', kind: 'LOCATED_IN', direction: 'out', description: 'Where it lives.' },
  { on: ['Datacenter'], name: 'contents', kind: 'LOCATED_IN', direction: 'in', description: 'What lives in this datacenter.' },
  { on: ['Datacenter'], name: 'servers', kind: 'LOCATED_IN', direction: 'in', types: ['Server'], description: 'Servers in this datacenter.' },
  { on: ['Volume'], name: 'attachedTo', kind: 'ATTACHED_TO', direction: 'out', description: 'Servers it is attached to.' },
  { on: ['Server'], name: 'volumes', kind: 'ATTACHED_TO', direction: 'in', description: 'Volumes attached to it.' },
  { on: ['Server'], name: 'networks', kind: 'USES', direction: 'out', description: 'Networks it uses.' },
  { on: ['Network'], name: 'usedBy', kind: 'USES', direction: 'in', description: 'Servers using it.' },
];

/** Kinds where following `from → to` means "depends on"; and those where `to → from` does. */
export const FORWARD_DEPENDENCY_KINDS = RELATION_KINDS.filter((k) => RELATION_KIND_DEFS[k].fromDependsOnTo);
export const REVERSE_DEPENDENCY_KINDS = RELATION_KINDS.filter((k) => !RELATION_KIND_DEFS[k].fromDependsOnTo);

/**
 * An edge: a versioned entity of its own (the `relations` change store).
 * Linking inserts it at revision 1 with its LINK change on it; unlinking
 * marks it `removed` at its next revision with the UNLINK change; linking
 * it again brings it back at the next one. Its changes are its own, shown
 * in the history of both ends: a link never moves an end's revision.
 */
export interface RelationDoc {
  /** `KIND|fromHex|toHex`: one edge per kind and pair, by construction. */
  _id: string;
  kind: RelationKind;
  from: string;
  to: string;
  fromType: string;
  toType: string;
  /** When it was last linked, and by whom (null: not a person). */
  createdAt: Date;
  createdBy: string | null;
  /**
   * The source that last linked it (`sourceKeyOf` its actor: `DISCOVERY:<connection id>`,
   * `USER:<id>`…); absent on edges linked before sources were kept. A source
   * unlinks only the edges it made.
   */
  source?: string;
  /** Edges stored before edges had revisions have none until start-up gives them 1 (see `RelationService.migrate`). */
  revision: number;
  /** Its changes not yet recorded, by revision (see `HistoryService`). */
  pending?: Record<string, unknown>;
  /** True once unlinked (until linked again): no relation field, count or walk sees it. */
  removed?: boolean;
  updatedAt?: Date;
  /**
   * Each end as a relation field pages it, copied from the end's item (see
   * `endFields`): who can read it (nobody once it is deleted), its
   * lower-cased name (the order of a page), and the item's revision the copy
   * was taken at, so that only a newer copy replaces it.
   */
  fromReaders?: string[];
  fromName?: string;
  fromRev?: number;
  toReaders?: string[];
  toName?: string;
  toRev?: number;
}

/** What an edge keeps of one end: readers (none while deleted), name, revision. */
export interface EndCopy {
  readers: string[];
  name: string;
  rev: number;
}

export function endCopy(doc: { active: boolean; access: { read: string[] }; nameLower: string; revision: number }): EndCopy {
  return { readers: doc.active ? [...doc.access.read] : [], name: doc.nameLower, rev: doc.revision };
}

/** The edge fields of one end's copy. */
export function endFields(side: 'from' | 'to', copy: EndCopy): Partial<RelationDoc> {
  return side === 'from'
    ? { fromReaders: copy.readers, fromName: copy.name, fromRev: copy.rev }
    : { toReaders: copy.readers, toName: copy.name, toRev: copy.rev };
}

export function relationId(kind: RelationKind, from: string, to: string): string {
  return `${kind}|${from}|${to}`;
}
