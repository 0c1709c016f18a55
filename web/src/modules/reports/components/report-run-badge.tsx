import type { ReportRunStatus } from '../../../gql/graphql.ts';
import { REPORT_RUN_STATUS_LABELS, reportRunTone } from '../report-labels.ts';

/** Where a report run is, in words and colour; the raw status in `data-status`. */
export function ReportRunBadge({ status, testId }: { status: ReportRunStatus; testId?: string }) {
  return (
    <span className={`run-badge run-badge--${reportRunTone(status)}`} data-testid={testId} data-status={status}>
      {REPORT_RUN_STATUS_LABELS[status]}
    </span>
  );
}
