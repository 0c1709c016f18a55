import type { TypedDocumentNode } from 'urql';
import type {
  AccessGrantViewFragment,
  ActorViewFragment,
  FieldProvenanceViewFragment,
  ItemLocksViewFragment,
  PayloadWarningFragment,
  PrincipalViewFragment,
  Role,
} from '../../gql/graphql.ts';

/**
 * The language the inventory pages are declared in: what each type shows in
 * its list, which filters and sorts it offers, and which fields its form
 * edits. Generic pages read these declarations; no page knows a type.
 */

export type InventoryTypeName =
  | 'Datacenter'
  | 'Server'
  | 'Application'
  | 'Database'
  | 'LoadBalancer'
  | 'Resource'
  | 'System'
  | 'Client'
  | 'Volume'
  | 'Snapshot'
  | 'Image'
  | 'Flavor'
  | 'Network'
  | 'Service';

export interface EnumOption {
  value: string;
  label: string;
}

interface FieldCommon {
  /** The input and output field name; inside groups and rows, relative to the group. */
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  placeholder?: string;
  /** Spans the whole width of the form grid. */
  wide?: boolean;
  /**
   * A heading the field is shown under, with the fields around it of the
   * same section ("At the provider"): top-level fields only; the field
   * keeps its own name and path.
   */
  section?: string;
}

export interface TextField extends FieldCommon {
  kind: 'text';
  maxLength?: number;
  /** A text area rather than a one-line input. */
  multiline?: boolean;
  inputType?: 'text' | 'url' | 'email' | 'tel';
}

export interface NumberField extends FieldCommon {
  kind: 'number';
  integer?: boolean;
  min?: number;
  max?: number;
  /** "GB", "cores": shown after values. */
  unit?: string;
}

export interface EnumField extends FieldCommon {
  kind: 'enum';
  options: readonly EnumOption[];
}

/** Yes, no, or not known. */
export interface BooleanField extends FieldCommon {
  kind: 'boolean';
}

/** A list of short strings (tags, regions, ports), typed as comma-separated text. */
export interface ListField extends FieldCommon {
  kind: 'list';
}

export type ScalarField = TextField | NumberField | EnumField | BooleanField | ListField;

/** A nested object edited as a group of fields (a server's OS). */
export interface GroupField extends FieldCommon {
  kind: 'group';
  fields: readonly ScalarField[];
}

/** A list of nested objects edited as rows (a server's disks). */
export interface RowsField extends FieldCommon {
  kind: 'rows';
  fields: readonly ScalarField[];
  /** "disk": for "Add a disk", "Remove disk 2". */
  itemLabel: string;
}

export type FieldDef = ScalarField | GroupField | RowsField;

export type FilterDef =
  | { kind: 'contains'; field: string; label: string }
  | { kind: 'enum'; field: string; label: string; options: readonly EnumOption[] }
  | { kind: 'boolean'; field: string; label: string };

/** What every inventory item has, whatever its type. */
export interface InventoryRecord {
  __typename: InventoryTypeName;
  id: string;
  active: boolean;
  tags: string[];
  revision: number;
  createdAt: string;
  updatedAt: string;
  myRole: Role | null;
  owner: PrincipalViewFragment | null;
}

export interface InventoryDetailRecord extends InventoryRecord {
  access: AccessGrantViewFragment[];
}

/** The item as its own page shows it: where each value came from, and what imports and discovery must leave alone. */
export interface InventoryItemRecord extends InventoryDetailRecord {
  provenance: FieldProvenanceViewFragment[];
  origin: ActorViewFragment | null;
  locks: ItemLocksViewFragment;
  /** For an item a discovery source no longer sees: when it last saw it. */
  lastSeenAt: string | null;
}

export interface ListResult {
  list: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: InventoryRecord }>;
  };
}

export interface ItemResult {
  item: InventoryItemRecord | null;
}

/** The item as it was at a past time: only a node of the page's type carries fields. */
export interface ItemAtResult {
  state: { at: string; revision: number; node: InventoryRecord | { __typename: string } } | null;
}

export interface PayloadResult {
  payload: { item: InventoryDetailRecord | null; warnings: PayloadWarningFragment[] };
}

/**
 * A typed document whose variables the generic pages build from a
 * declaration (filters, inputs): the API checks them and names every bad
 * field, while results stay typed.
 */
export type InventoryDocument<TResult> = TypedDocumentNode<TResult, Record<string, unknown>>;

export function inventoryDocument<TResult>(document: TypedDocumentNode<TResult, never>): InventoryDocument<TResult> {
  return document as InventoryDocument<TResult>;
}

export interface InventoryDocuments {
  list: InventoryDocument<ListResult>;
  item: InventoryDocument<ItemResult>;
  /** `entityAt` with the type's fields. */
  at: InventoryDocument<ItemAtResult>;
  create: InventoryDocument<PayloadResult>;
  update: InventoryDocument<PayloadResult>;
  remove: InventoryDocument<PayloadResult>;
  restore: InventoryDocument<PayloadResult>;
}

export interface InventoryTypeDef {
  type: InventoryTypeName;
  /** "Load balancer". */
  label: string;
  /** "Load balancers". */
  pluralLabel: string;
  /** The URL segment and the plural in test ids: "load-balancers". */
  route: string;
  /** The singular in test ids: "load-balancer". */
  testId: string;
  /** One sentence under the list's title. */
  description: string;
  /** The field that names an item: `hostname` for servers, `name` elsewhere. */
  nameField: string;
  fields: readonly FieldDef[];
  /** Columns the list can sort by, with the `orderBy.field` value of each. */
  sorts: Readonly<Record<string, string>>;
  /** Columns shown until the user chooses others. */
  defaultColumns: readonly string[];
  filters: readonly FilterDef[];
  documents: InventoryDocuments;
}
