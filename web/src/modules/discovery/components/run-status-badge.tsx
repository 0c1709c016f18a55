import type { DiscoveryEntryStatus, DiscoveryRunStatus } from '../../../gql/graphql.ts';
import { ENTRY_STATUS_LABELS, RUN_STATUS_LABELS, statusTone } from '../discovery-labels.ts';

export interface StatusBadgeProps {
  status: DiscoveryRunStatus | DiscoveryEntryStatus;
  /** A run's status ("Partly failed") rather than one job's. */
  run?: boolean;
  testId?: string;
}

/** Where a run or one of its jobs is, in words and colour; the raw status in `data-status`. */
export function RunStatusBadge({ status, run = false, testId }: StatusBadgeProps) {
  const label = run ? RUN_STATUS_LABELS[status as DiscoveryRunStatus] : ENTRY_STATUS_LABELS[status as DiscoveryEntryStatus];
  return (
    <span className={`run-badge run-badge--${statusTone(status)}`} data-testid={testId} data-status={status}>
      {label}
    </span>
  );
}
