/** Where the report pages live. */

export const REPORTS_PATH = '/reports';
export const NEW_REPORT_PATH = '/reports/new';

export function reportPath(id: string): string {
  return `${REPORTS_PATH}/${encodeURIComponent(id)}`;
}

export function editReportPath(id: string): string {
  return `${reportPath(id)}/edit`;
}

/** The stable link to the reader's last good run of a report. */
export function latestRunPath(reportId: string): string {
  return `${reportPath(reportId)}/latest`;
}

export function reportRunPath(runId: string): string {
  return `${REPORTS_PATH}/runs/${encodeURIComponent(runId)}`;
}
