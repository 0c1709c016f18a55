import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { DiscoveryRunsDocument } from '../../../gql/graphql.ts';
import { Pager } from '../../../shared/components/pager.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { formatAgo } from '../../history/change-format.ts';
import { runPath } from '../connection-paths.ts';
import { TRIGGER_LABELS } from '../discovery-labels.ts';
import { useRunEvents } from '../hooks/use-run-events.ts';
import { elapsedMs, formatCounts, formatDuration, mergeRuns, runProgress, totalsOf } from '../run-progress.ts';
import { ProgressBar } from './progress-bar.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';

const PAGE_SIZE = 20;
/** The list is asked for again when a run starts, even while it is empty. */
const RUN_CONTEXT = { additionalTypenames: ['DiscoveryRun'] };

/**
 * A connection's runs, newest first, following them live: each run's
 * status and counts as its jobs end, and runs started elsewhere at the top
 * of the first page.
 */
export function ConnectionRuns({ connectionId }: { connectionId: string }) {
  const now = useNow(5000);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({
    query: DiscoveryRunsDocument,
    variables: { connectionId, first: PAGE_SIZE, after },
    context: RUN_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const events = useRunEvents().filter((event) => event.connectionId === connectionId);
  const page = data?.runs;
  const listed = page?.edges.map((edge) => edge.node) ?? [];
  const firstPage = cursors.length === 1;
  // Later pages only take news of the runs they list.
  const runs = mergeRuns(listed, firstPage ? events : events.filter((event) => listed.some((run) => run.id === event.id)));
  const added = runs.length - listed.length;
  const offset = (cursors.length - 1) * PAGE_SIZE;

  return (
    <section className="panel" aria-labelledby="connection-runs-title" aria-busy={fetching}>
      <header className="panel__header">
        <h2 id="connection-runs-title" className="panel__title">
          Runs
        </h2>
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert>{readActionError(error)}</FormAlert>
        </div>
      ) : null}
      {page && runs.length === 0 ? (
        <p className="panel__empty" data-testid="no-runs">
          No run yet. “Run now” discovers what the connection is set to, right away.
        </p>
      ) : null}
      {runs.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Trigger</th>
                <th scope="col">Duration</th>
                <th scope="col">Jobs</th>
                <th scope="col">Totals</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const progress = runProgress(run);
                return (
                  <tr key={run.id} data-testid="run-row" data-status={run.status} data-run={run.id}>
                    <td>
                      <Link to={runPath(connectionId, run.id)} className="run-link">
                        <RunStatusBadge status={run.status} run />
                      </Link>
                    </td>
                    <td title={formatDateTime(run.startedAt ?? run.createdAt)}>
                      <Link to={runPath(connectionId, run.id)}>{formatAgo(run.startedAt ?? run.createdAt, now)}</Link>
                    </td>
                    <td>{TRIGGER_LABELS[run.trigger]}</td>
                    <td>{formatDuration(elapsedMs(run, now))}</td>
                    <td className="runs__jobs">
                      <ProgressBar
                        fraction={progress.fraction}
                        label="Jobs done"
                        tone={run.status === 'FAILED' ? 'down' : run.status === 'PARTIAL' ? 'warn' : progress.fraction === 1 ? 'up' : 'busy'}
                        valueText={`${progress.done} of ${progress.total} jobs done`}
                      />
                      <span className="muted">
                        {progress.done}/{progress.total}
                      </span>
                    </td>
                    <td data-testid="run-row-totals">{formatCounts(totalsOf(run.entries))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (page.totalCount > PAGE_SIZE || cursors.length > 1) ? (
        <Pager
          from={runs.length === 0 ? 0 : offset + 1}
          to={offset + runs.length}
          total={page.totalCount + Math.max(0, added)}
          hasPrevious={cursors.length > 1}
          hasNext={page.pageInfo.hasNextPage}
          busy={fetching}
          onPrevious={() => setCursors(cursors.slice(0, -1))}
          onNext={() => {
            const end = page.pageInfo.endCursor;
            if (end) setCursors([...cursors, end]);
          }}
        />
      ) : null}
      {!page && fetching ? <p className="panel__empty">Loading…</p> : null}
    </section>
  );
}
