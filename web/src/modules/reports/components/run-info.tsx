import type { ReportRunViewFragment } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { formatDuration } from '../../discovery/run-progress.ts';
import { REPORT_RUN_STATUS_LABELS, REPORT_TRIGGER_LABELS } from '../report-labels.ts';
import { isReportRunFinished, runElapsedMs, runInfoLines } from '../report-runs.ts';

/** What a run is, line by line (the API's words), and where it is. */
export function RunInfo({ run, latest }: { run: ReportRunViewFragment; latest: boolean }) {
  const now = useNow(1000);
  const finished = isReportRunFinished(run.status);
  return (
    <dl className="details report-info" data-testid="report-info">
      {runInfoLines(run.info, run.status).map(([label, value], index) => (
        <div key={`${label}-${index}`} data-testid="report-info-line">
          <dt>{label}</dt>
          <dd className="value--break">{value}</dd>
        </div>
      ))}
      <div>
        <dt>Status</dt>
        <dd data-testid="report-info-status">{REPORT_RUN_STATUS_LABELS[run.status]}</dd>
      </div>
      <div>
        <dt>Started by</dt>
        <dd>{REPORT_TRIGGER_LABELS[run.trigger]}</dd>
      </div>
      <div>
        <dt>Attempts</dt>
        <dd data-testid="report-info-attempts" title="More than 1 when a worker stopped mid-way: the run started over">
          {run.attempts}
        </dd>
      </div>
      <div>
        <dt>Queued</dt>
        <dd>{formatDateTime(run.createdAt)}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{run.startedAt ? formatDateTime(run.startedAt) : <span className="muted">Not yet</span>}</dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{finished ? formatDateTime(run.finishedAt) : <span className="muted">Not yet</span>}</dd>
      </div>
      <div>
        <dt>{finished ? 'Duration' : run.startedAt ? 'Running for' : 'Duration'}</dt>
        <dd>{formatDuration(runElapsedMs(run, now))}</dd>
      </div>
      <div>
        <dt>Kept until</dt>
        <dd>{latest ? 'Kept while it is your latest good run' : formatDateTime(run.expiresAt)}</dd>
      </div>
      <div>
        <dt>Report revision</dt>
        <dd>{run.reportRevision}</dd>
      </div>
    </dl>
  );
}
