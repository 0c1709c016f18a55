import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import type { LiveScheduleRuns } from '../hooks/use-schedule-runs.ts';
import { SCHEDULE_TRIGGER_LABELS, bodyExcerpt, formatDuration } from '../schedule-labels.ts';
import { ScheduleRunBadge } from './schedule-run-badge.tsx';

/** A schedule's runs, newest first, as they start and end. */
export function ScheduleRunsPanel({ live }: { live: LiveScheduleRuns }) {
  const { runs, fetching, error, liveError } = live;
  return (
    <section className="panel" aria-labelledby="schedule-runs-title" aria-busy={fetching}>
      <header className="panel__header">
        <h2 id="schedule-runs-title" className="panel__title">
          Runs
        </h2>
        <span className="panel__meta">{liveError ? 'Not live: reload to see new runs' : 'Live'}</span>
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert>{readActionError(error)}</FormAlert>
        </div>
      ) : null}
      {runs.length === 0 && !fetching ? (
        <p className="panel__empty" data-testid="no-schedule-runs">
          No run yet.
        </p>
      ) : null}
      {runs.length > 0 ? (
        <div className="table-scroll">
          <table className="table table--compact schedule-runs" data-testid="schedule-runs">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">HTTP</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const excerpt = bodyExcerpt(run.bodyStart);
                return (
                  <tr key={run.id} data-testid="schedule-run" data-run-id={run.id} data-status={run.status}>
                    <td>
                      <ScheduleRunBadge status={run.status} />
                    </td>
                    <td>{SCHEDULE_TRIGGER_LABELS[run.trigger]}</td>
                    <td className="table__nowrap">{formatDateTime(run.startedAt)}</td>
                    <td className="table__nowrap">{run.status === 'RUNNING' ? <span className="muted">Running…</span> : formatDuration(run.durationMs)}</td>
                    <td data-testid="schedule-run-http">{run.httpStatus ?? <span className="muted">—</span>}</td>
                    <td className="schedule-runs__answer">
                      {run.error ? (
                        <p className="field__error" data-testid="schedule-run-error">
                          {run.error}
                        </p>
                      ) : null}
                      {excerpt.text ? (
                        <pre className="schedule-runs__body" data-testid="schedule-run-body">
                          {excerpt.text}
                          {excerpt.cut ? '\n…' : ''}
                        </pre>
                      ) : null}
                      {!run.error && !excerpt.text ? <span className="muted">—</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
