import type { ExportFormat, ItemState, PivotLevel, ReportKind, ReportRunStatus, ReportTrigger } from '../../gql/graphql.ts';
import type { StatusTone } from '../discovery/discovery-labels.ts';
import { INVENTORY_TYPES } from '../inventory/inventory-types.ts';

/**
 * Reports in the dashboard's words: their kinds, the types and pivot levels
 * they list, where a run is, and the formats a run exports to.
 */

export const REPORT_KINDS: readonly ReportKind[] = ['SINGLE', 'PIVOT'];

export const REPORT_KIND_LABELS: Readonly<Record<ReportKind, string>> = {
  SINGLE: 'List',
  PIVOT: 'Pivot',
};

export const REPORT_KIND_HINTS: Readonly<Record<ReportKind, string>> = {
  SINGLE: 'One type of item, one row each',
  PIVOT: 'Clients → systems → applications → servers, databases, load balancers: one row per path',
};

/** The levels of a pivot, top down, as the API orders them. */
export const PIVOT_LEVELS: readonly PivotLevel[] = ['CLIENT', 'SYSTEM', 'APPLICATION', 'SERVER', 'DATABASE', 'LOAD_BALANCER'];

export const PIVOT_LEVEL_LABELS: Readonly<Record<PivotLevel, string>> = {
  CLIENT: 'Clients',
  SYSTEM: 'Systems',
  APPLICATION: 'Applications',
  SERVER: 'Servers',
  DATABASE: 'Databases',
  LOAD_BALANCER: 'Load balancers',
};

/** How each level hangs under the one above. */
export const PIVOT_LEVEL_HINTS: Readonly<Record<PivotLevel, string>> = {
  CLIENT: 'The top: each client',
  SYSTEM: 'Systems that serve the client',
  APPLICATION: 'Applications that are part of the system',
  SERVER: 'Servers the application runs on',
  DATABASE: 'Databases the application depends on',
  LOAD_BALANCER: 'Load balancers in front of the application, or that it calls',
};

/** The inventory type of each level: its fields are the level's. */
export const PIVOT_LEVEL_TYPES: Readonly<Record<PivotLevel, string>> = {
  CLIENT: 'Client',
  SYSTEM: 'System',
  APPLICATION: 'Application',
  SERVER: 'Server',
  DATABASE: 'Database',
  LOAD_BALANCER: 'LoadBalancer',
};

/** The levels a new pivot starts with (the API's default). */
export const DEFAULT_PIVOT_LEVELS: readonly PivotLevel[] = ['CLIENT', 'SYSTEM', 'APPLICATION', 'SERVER'];

/** The types a single-entity report lists, in the inventory's order. */
export const REPORT_ENTITIES: readonly string[] = INVENTORY_TYPES.map((def) => def.type);

/** "Servers" for `Server`; the type itself when unknown. */
export function entityPluralLabel(type: string | null | undefined): string {
  if (!type) return '—';
  return INVENTORY_TYPES.find((def) => def.type === type)?.pluralLabel ?? type;
}

/** The field that names an item of a type (hostname for servers): always the first column of a pivot level. */
export function nameFieldOf(type: string): string {
  return INVENTORY_TYPES.find((def) => def.type === type)?.nameField ?? 'name';
}

export const ITEM_STATES: readonly ItemState[] = ['ACTIVE', 'DELETED', 'ANY'];

export const ITEM_STATE_LABELS: Readonly<Record<ItemState, string>> = {
  ACTIVE: 'Active items',
  DELETED: 'Deleted items',
  ANY: 'Active and deleted items',
};

export const REPORT_RUN_STATUS_LABELS: Readonly<Record<ReportRunStatus, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const REPORT_TRIGGER_LABELS: Readonly<Record<ReportTrigger, string>> = {
  MANUAL: 'Run by hand',
  SCHEDULE: 'On schedule',
};

export function reportRunTone(status: ReportRunStatus): StatusTone {
  switch (status) {
    case 'SUCCEEDED':
      return 'up';
    case 'FAILED':
      return 'down';
    case 'CANCELLED':
      return 'warn';
    case 'RUNNING':
      return 'busy';
    case 'QUEUED':
      return 'idle';
  }
}

/** Every format a run exports to, in the order the buttons show them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['CSV', 'JSON', 'XML', 'XLSX', 'PDF', 'ANSIBLE_INI', 'ANSIBLE_YAML'];

export const EXPORT_FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  CSV: 'CSV',
  JSON: 'JSON',
  XML: 'XML',
  XLSX: 'XLSX',
  PDF: 'PDF',
  ANSIBLE_INI: 'Ansible INI',
  ANSIBLE_YAML: 'Ansible YAML',
};

export const EXPORT_FORMAT_HINTS: Readonly<Record<ExportFormat, string>> = {
  CSV: 'For spreadsheets; formulas escaped',
  JSON: 'An array of objects by column',
  XML: 'One element per row',
  XLSX: 'A workbook with the table and an Info sheet',
  PDF: 'The charts and the first 2,000 rows',
  ANSIBLE_INI: 'Servers as hosts, grouped (needs server hostnames)',
  ANSIBLE_YAML: 'Servers as hosts, grouped (needs server hostnames)',
};

/** The shortest interval a report's schedule takes, in minutes. */
export const MIN_REPORT_INTERVAL_MINUTES = 5;
