import { useLiveStatus } from '../hooks/use-live-status.ts';
import { groupComponents } from '../status-view.ts';
import { ComponentTable } from './component-table.tsx';
import { StatusSummary } from './status-summary.tsx';

export function StatusPage() {
  const { status, source, checking, error, liveError, checkNow } = useLiveStatus();

  return (
    <section className="page" aria-labelledby="status-title" aria-busy={checking}>
      <header className="page__header page__header--actions">
        <div>
          <h1 id="status-title" className="page__title">
            Status
          </h1>
          <p className="page__subtitle">
            Every component of the stack and whether it answered in time. Changes appear here as they happen.
          </p>
        </div>
        <button type="button" className="button button--primary" onClick={checkNow} disabled={checking} data-testid="check-now">
          {checking ? 'Checking…' : 'Check now'}
        </button>
      </header>

      {error ? (
        <div className="alert alert--error" role="alert">
          <strong>The status check failed.</strong> {error.networkError ? 'The API could not be reached.' : error.message}
          {status ? ' Showing the last known state.' : ''}
        </div>
      ) : null}
      {liveError ? (
        <div className="alert alert--warning" role="alert">
          <strong>Live updates stopped.</strong> {liveError.message}. Use “Check now” or reload the page.
        </div>
      ) : null}

      {status ? (
        <>
          <StatusSummary status={status} source={source} />
          {groupComponents(status.components).map((group) => (
            <ComponentTable key={group.id} group={group} />
          ))}
        </>
      ) : !error ? (
        <div className="overall overall--pending" role="status" data-testid="status-overall">
          <p className="overall__headline">Checking the stack…</p>
        </div>
      ) : null}
    </section>
  );
}
