import type { ScheduleRunStatus } from '../../../gql/graphql.ts';
import { SCHEDULE_RUN_STATUS_LABELS, scheduleRunTone } from '../schedule-labels.ts';

/** Where a schedule's run is, in words and colour; the raw status in `data-status`. */
export function ScheduleRunBadge({ status, testId }: { status: ScheduleRunStatus; testId?: string }) {
  return (
    <span className={`run-badge run-badge--${scheduleRunTone(status)}`} data-testid={testId} data-status={status}>
      {SCHEDULE_RUN_STATUS_LABELS[status]}
    </span>
  );
}
