import type { AnsibleLayout, ReportColumn } from '../report-table.js';

/** The formats a report run can be exported to. */
export const EXPORT_FORMATS = ['CSV', 'JSON', 'XML', 'XLSX', 'PDF', 'ANSIBLE_INI', 'ANSIBLE_YAML'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export knows of its run besides the rows. */
export interface ExportMeta {
  /** The report's name. */
  title: string;
  /** When the run finished. */
  generatedAt: Date;
  /** Rows in the run (the PDF may print fewer: see PDF_MAX_ROWS). */
  rowCount: number;
  columns: ReportColumn[];
  /** Charts already rendered as SVG; the PDF puts them before the table. */
  charts: Array<{ title: string; svg: string }>;
  /** Label and value lines (kind, filters in words, who ran it, duration…): the PDF's first page, the XLSX "Info" sheet. */
  info: Array<[string, string]>;
  /** How rows become an Ansible inventory; null when the run has no host column (the Ansible formats then refuse it). */
  ansible: AnsibleLayout | null;
}

/** What an export wrote. */
export interface ExportResult {
  /** Rows written (for the PDF, at most PDF_MAX_ROWS; for Ansible, rows that gave a host, merged or not). */
  rows: number;
  /** Rows refused (Ansible: a host name that cannot be written in an inventory); 0 for the other formats. */
  skipped: number;
}

/** A run an export cannot be made of (an Ansible inventory of a run without a host column). Nothing was written. */
export class ExportRefusedError extends Error {
  override readonly name = 'ExportRefusedError';
}
