import { Link } from 'react-router';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime, plural } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { formatDuration } from '../../discovery/run-progress.ts';
import type { LiveReportRuns } from '../hooks/use-report-runs.ts';
import { REPORT_TRIGGER_LABELS } from '../report-labels.ts';
import { reportRunPath } from '../report-paths.ts';
import { isReportRunFinished, runElapsedMs } from '../report-runs.ts';
import { ReportRunBadge } from './report-run-badge.tsx';
import { ReportRunProgress } from './report-run-progress.tsx';

/** The reader's runs of a report, newest first, with a live bar for those under way. */
export function ReportRunsPanel({ live }: { live: LiveReportRuns }) {
  const { runs, fetching, error, liveError } = live;
  const now = useNow(1000);
  return (
    <section className="panel" aria-labelledby="report-runs-title" aria-busy={fetching}>
      <header className="panel__header">
        <h2 id="report-runs-title" className="panel__title">
          Your runs
        </h2>
        <span className="panel__meta">{liveError ? 'Not live: reload to see new runs' : 'Live · each person sees their own runs'}</span>
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert>{readActionError(error)}</FormAlert>
        </div>
      ) : null}
      {runs.length === 0 && !fetching ? (
        <p className="panel__empty" data-testid="no-report-runs">
          You have not run it yet.
        </p>
      ) : null}
      {runs.length > 0 ? (
        <div className="table-scroll">
          <table className="table table--compact report-runs" data-testid="report-runs">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Started by</th>
                <th scope="col">Queued</th>
                <th scope="col">Progress</th>
                <th scope="col">Took</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-testid="report-run-row" data-run-id={run.id} data-status={run.status}>
                  <td>
                    <ReportRunBadge status={run.status} />
                  </td>
                  <td>{REPORT_TRIGGER_LABELS[run.trigger]}</td>
                  <td className="table__nowrap">{formatDateTime(run.createdAt)}</td>
                  <td className="report-runs__progress">
                    {isReportRunFinished(run.status) ? (
                      run.status === 'FAILED' ? (
                        <span className="field__error" title={run.error ?? undefined}>
                          {run.error ?? 'Failed'}
                        </span>
                      ) : (
                        <span data-testid="report-run-rows">{run.status === 'SUCCEEDED' ? plural(run.rowCount, 'row') : 'Cancelled'}</span>
                      )
                    ) : (
                      <ReportRunProgress run={run} label={`Run of ${formatDateTime(run.createdAt)}`} />
                    )}
                  </td>
                  <td className="table__nowrap">{formatDuration(runElapsedMs(run, now))}</td>
                  <td>
                    <Link to={reportRunPath(run.id)} aria-label={`Open the run of ${formatDateTime(run.createdAt)}`}>
                      Open
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
