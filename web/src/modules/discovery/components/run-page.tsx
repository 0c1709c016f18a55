import { Fragment } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ConnectionDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { runActivityPath } from '../../history/activity-query.ts';
import { CONNECTIONS_PATH, connectionPath } from '../connection-paths.ts';
import { KIND_LABELS, RUN_STATUS_LABELS, TRIGGER_LABELS, regionLabel, statusTone } from '../discovery-labels.ts';
import { useLiveRun } from '../hooks/use-live-run.ts';
import {
  COUNT_FIELDS,
  COUNT_HINTS,
  COUNT_LABELS,
  elapsedMs,
  entryFraction,
  formatCounts,
  formatDuration,
  isRunFinished,
  runProgress,
  sortedEntries,
  totalsOf,
  type DiscoveryRunEntry,
  type DiscoveryRunView,
} from '../run-progress.ts';
import { ProgressBar } from './progress-bar.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';

/** One page per run: moving to another starts afresh. */
export function RunRoute() {
  const { id = '', runId = '' } = useParams();
  return <RunPage key={runId} connectionId={id} runId={runId} />;
}

/**
 * A discovery run as it happens: its status, the account, how long it
 * has taken, and one row per kind and region with its status and counts,
 * kept current by the run's live events; then a link to everything it
 * changed.
 */
export function RunPage({ connectionId, runId }: { connectionId: string; runId: string }) {
  const { run, fetching, error, liveError, events } = useLiveRun(runId);
  const [{ data: connectionData }] = useQuery({ query: ConnectionDocument, variables: { id: connectionId }, requestPolicy: 'cache-first' });
  const connection = connectionData?.connection ?? null;
  const name = connection?.name ?? 'connection';
  usePageTitle(run ? `${RUN_STATUS_LABELS[run.status]} run of ${name}` : 'Discovery run');

  const breadcrumbs = (
    <p className="breadcrumbs">
      Discovery / <Link to={CONNECTIONS_PATH}>Connections</Link> / <Link to={connectionPath(connectionId)}>{connection?.name ?? 'Connection'}</Link>
    </p>
  );

  if (!run) {
    return (
      <section className="page" aria-labelledby="run-title" aria-busy={fetching}>
        <header className="page__header">
          {breadcrumbs}
          <h1 id="run-title" className="page__title">
            {fetching ? 'Loading run…' : 'Run not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you cannot see its connection.</p> : null}
      </section>
    );
  }

  return (
    <section className="page page--wide" aria-labelledby="run-title">
      <header className="page__header page__header--actions">
        <div>
          {breadcrumbs}
          <div className="page__title-row">
            <h1 id="run-title" className="page__title">
              Run of {name}
            </h1>
            <RunStatusBadge status={run.status} run testId="run-status" />
          </div>
          <p className="page__subtitle">
            {TRIGGER_LABELS[run.trigger]} · {formatDateTime(run.createdAt)}
          </p>
        </div>
        <div className="page__actions">
          <Link to={runActivityPath(run.id)} className="button" data-testid="run-activity">
            Changes of this run
          </Link>
        </div>
      </header>
      {liveError && !isRunFinished(run.status) ? (
        <FormAlert tone="warning">Live progress is not reaching this page: it shows the run as last asked for.</FormAlert>
      ) : null}
      <RunSummary run={run} events={events} />
      <RunEntries run={run} />
    </section>
  );
}

function RunSummary({ run, events }: { run: DiscoveryRunView; events: number }) {
  const now = useNow(1000);
  const progress = runProgress(run);
  const finished = isRunFinished(run.status);
  return (
    <section className="panel" aria-labelledby="run-summary-title" data-testid="run-summary" data-status={run.status} data-live-events={events}>
      <header className="panel__header">
        <h2 id="run-summary-title" className="panel__title">
          Summary
        </h2>
        <span className="panel__meta" role="status" aria-live="polite">
          {finished ? 'Finished' : (
            <span className="run-live">
              <span className="live-note__dot" aria-hidden="true" /> Live: updates as each job starts and ends
            </span>
          )}
        </span>
      </header>
      <div className="panel__body run-progress">
        <ProgressBar
          fraction={progress.fraction}
          label="Jobs done"
          tone={statusTone(run.status)}
          valueText={`${progress.done} of ${progress.total} jobs done`}
        />
        <span className="muted" data-testid="run-jobs">
          {progress.done} of {progress.total} jobs done
        </span>
      </div>
      <dl className="details panel__body">
        <div>
          <dt>Account</dt>
          <dd data-testid="run-account">{run.account ?? <span className="muted">Not known yet</span>}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(run.startedAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{finished ? formatDateTime(run.finishedAt) : <span className="muted">Not yet</span>}</dd>
        </div>
        <div>
          <dt>{finished ? 'Duration' : 'Running for'}</dt>
          <dd data-testid="run-duration">{formatDuration(elapsedMs(run, now))}</dd>
        </div>
        <div className="details__wide">
          <dt>Totals</dt>
          <dd data-testid="run-totals">{formatCounts(totalsOf(run.entries))}</dd>
        </div>
      </dl>
    </section>
  );
}

function attemptsText(entry: DiscoveryRunEntry): string {
  return entry.attempts === 0 ? '—' : String(entry.attempts);
}

/** The run's jobs: one row per kind and region, its status, counts and attempts, and what went wrong in words. */
function RunEntries({ run }: { run: DiscoveryRunView }) {
  const entries = sortedEntries(run.entries);
  const columns = COUNT_FIELDS.length + 5;
  return (
    <section className="panel" aria-labelledby="run-entries-title">
      <header className="panel__header">
        <h2 id="run-entries-title" className="panel__title">
          By kind and region
        </h2>
        <span className="panel__meta">{entries.length === 1 ? '1 job' : `${entries.length} jobs`}</span>
      </header>
      {entries.length === 0 ? (
        <p className="panel__empty">This run had nothing to discover: no kind is enabled.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact run-entries" data-testid="run-entries">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                {COUNT_FIELDS.map((field) => (
                  <th key={field} scope="col" className="run-entries__count" title={COUNT_HINTS[field]}>
                    {COUNT_LABELS[field]}
                  </th>
                ))}
                <th scope="col" className="run-entries__count">
                  Attempts
                </th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const took = entry.startedAt && entry.finishedAt ? Date.parse(entry.finishedAt) - Date.parse(entry.startedAt) : null;
                return (
                  <Fragment key={`${entry.kind}:${entry.region}`}>
                    <tr data-testid="run-entry" data-kind={entry.kind} data-region={entry.region} data-status={entry.status} className={entry.error ? 'run-entries__row--error' : undefined}>
                      <th scope="row">{KIND_LABELS[entry.kind]}</th>
                      <td className="table__nowrap">{regionLabel(entry.region)}</td>
                      <td>
                        <div className="run-entries__status">
                          <RunStatusBadge status={entry.status} />
                          <ProgressBar fraction={entryFraction(entry.status)} label={`${KIND_LABELS[entry.kind]} in ${regionLabel(entry.region)}`} tone={statusTone(entry.status)} />
                        </div>
                      </td>
                      {COUNT_FIELDS.map((field) => (
                        <td key={field} className={`run-entries__count${entry[field] === 0 ? ' muted' : ''}`} data-count={field}>
                          {entry[field]}
                        </td>
                      ))}
                      <td className="run-entries__count" data-count="attempts">
                        {attemptsText(entry)}
                      </td>
                      <td>{formatDuration(took)}</td>
                    </tr>
                    {entry.error ? (
                      <tr className="run-entries__error-row">
                        <td colSpan={columns}>
                          <p className="run-entries__error" data-testid="run-entry-error" data-kind={entry.kind} data-region={entry.region}>
                            {entry.status === 'RETRYING' ? 'Failed, trying again: ' : entry.status === 'SKIPPED' ? '' : 'Failed: '}
                            {entry.error}
                          </p>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
