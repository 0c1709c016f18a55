import type { ReportRunSummaryFragment } from '../../../gql/graphql.ts';
import { ProgressBar } from '../../discovery/components/progress-bar.tsx';
import { reportRunTone } from '../report-labels.ts';
import { progressText, runFraction } from '../report-runs.ts';

/** A run's bar and how far it is in words. */
export function ReportRunProgress({ run, label }: { run: Pick<ReportRunSummaryFragment, 'status' | 'progress' | 'rowCount' | 'cancelRequested'>; label: string }) {
  const text = progressText(run);
  return (
    <div className="report-progress">
      <ProgressBar fraction={runFraction(run)} label={label} tone={reportRunTone(run.status)} valueText={text} />
      <span className="muted report-progress__text" data-testid="report-progress-text">
        {text}
      </span>
    </div>
  );
}
