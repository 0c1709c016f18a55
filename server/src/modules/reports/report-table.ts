/**
 * What a report run produces, whatever its kind: columns, and rows of cells
 * keyed by column. Exports, charts and the GraphQL table all read this shape.
 */

/** What a column's values are: how it is filtered, charted and written. */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'date' | 'enum' | 'list';

export interface ReportColumn {
  /** Key of the cell in each row, e.g. `hostname`, `osBase`, `server.hostname` (pivot). */
  key: string;
  /** What people read in a header, e.g. "Hostname", "Server: OS base". */
  label: string;
  kind: ColumnKind;
  /** Counted in the run's charts (a category: environment, region, tags…); false for near-unique values (names, addresses, ids). */
  chart: boolean;
}

/** One value: dates as ISO 8601 text, lists (tags) as arrays; null when empty. */
export type Cell = string | number | boolean | string[] | null;

/** One row: cells by column key. */
export type ReportRow = Record<string, Cell>;

/**
 * How rows become an Ansible inventory: which column names the host, which
 * columns make groups (each value a group `<prefix>_<value>`; a list column,
 * one group per item), and which columns become host variables.
 */
export interface AnsibleLayout {
  host: string;
  groups: Array<{ prefix: string; key: string }>;
  vars: string[];
}
