import type { Writable } from 'node:stream';
import type { ReportRow } from '../report-table.js';
import { writeAnsibleIni } from './ansible-ini.js';
import { writeAnsibleYaml } from './ansible-yaml.js';
import { writeCsv } from './csv.js';
import { ExportRefusedError, type ExportFormat, type ExportMeta, type ExportResult } from './export-meta.js';
import { writeJson } from './json.js';
import { writePdf } from './pdf.js';
import { writeXlsx } from './xlsx.js';
import { writeXml } from './xml.js';

/**
 * Exports of report runs: one writer per format, each reading the run's
 * rows as they come and writing them to a stream as it accepts them.
 */
export { EXPORT_FORMATS, ExportRefusedError, type ExportFormat, type ExportMeta, type ExportResult } from './export-meta.js';
export { PDF_MAX_ROWS } from './pdf.js';

const FORMATS: Record<
  ExportFormat,
  {
    extension: string;
    contentType: string;
    write: (meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable) => Promise<ExportResult>;
  }
> = {
  CSV: { extension: 'csv', contentType: 'text/csv; charset=utf-8', write: writeCsv },
  JSON: { extension: 'json', contentType: 'application/json; charset=utf-8', write: writeJson },
  XML: { extension: 'xml', contentType: 'application/xml; charset=utf-8', write: writeXml },
  XLSX: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    write: writeXlsx,
  },
  PDF: { extension: 'pdf', contentType: 'application/pdf', write: writePdf },
  ANSIBLE_INI: { extension: 'ini', contentType: 'text/plain; charset=utf-8', write: writeAnsibleIni },
  ANSIBLE_YAML: { extension: 'yml', contentType: 'application/yaml; charset=utf-8', write: writeAnsibleYaml },
};

const MAX_BASE_NAME = 80;

/**
 * A file name safe anywhere (a Content-Disposition header, any file
 * system): the title in lower case ASCII, accents dropped, every run of
 * other characters a `-`, 80 characters at most, `report` when nothing is
 * left; then the format's extension. "Prod servers" gives `prod-servers.csv`.
 */
export function exportFileName(title: string, format: ExportFormat): string {
  return `${fileBase(title)}.${FORMATS[format].extension}`;
}

/** The safe base of a file name made of a title (see exportFileName), without extension. */
export function fileBase(title: string, fallback = 'report'): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_BASE_NAME)
    .replace(/^-+|-+$/g, '');
  return base === '' ? fallback : base;
}

export function exportContentType(format: ExportFormat): string {
  return FORMATS[format].contentType;
}

/**
 * Writes the run's rows to `out` in `format` and ends `out`. Rows are
 * written as they come and as `out` accepts them (back-pressure): a run is
 * never held whole in memory, except by the PDF (at most PDF_MAX_ROWS rows,
 * pdfmake lays a document out in memory) and the Ansible inventories (one
 * entry per host, written once every row is read). Resolves once
 * everything is flushed, with what was written. Rejects when `out` fails or
 * is destroyed (the rows are no longer read and their iterator is closed),
 * or when reading rows fails; `out` is then destroyed, if it is not already,
 * so that a half-written file is never taken for a whole one. Rejects with
 * an ExportRefusedError, `out` untouched, when the run cannot be exported in
 * that format (an Ansible inventory of a run without a host column).
 */
export async function writeExport(
  format: ExportFormat,
  meta: ExportMeta,
  rows: AsyncIterable<ReportRow>,
  out: Writable,
): Promise<ExportResult> {
  try {
    return await FORMATS[format].write(meta, rows, out);
  } catch (error) {
    // Without an error: `out` may have no 'error' listener left, and the caller has the error.
    if (!(error instanceof ExportRefusedError) && !out.destroyed) out.destroy();
    throw error;
  }
}
