import { Fragment } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ConnectionsDocument, type ConnectionSummaryFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime, plural } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { formatAgo } from '../../history/change-format.ts';
import { connectionPath, NEW_CONNECTION_PATH, runPath } from '../connection-paths.ts';
import { KIND_LABELS, formatRegions } from '../discovery-labels.ts';
import { useRunEvents } from '../hooks/use-run-events.ts';
import { newestRun, type DiscoveryRunView } from '../run-progress.ts';
import { RunStatusBadge } from './run-status-badge.tsx';

/** Connections listed on one page: more than anyone keeps. */
const PAGE_SIZE = 200;
/** Lists asked for again when a connection is created or deleted, even while they are empty. */
const CONNECTION_CONTEXT = { additionalTypenames: ['Connection'] };

/** A connection's last run: its status and how long ago it started, live. */
function LastRun({ connection, events, now }: { connection: ConnectionSummaryFragment; events: readonly DiscoveryRunView[]; now: number }) {
  const run = events.filter((event) => event.connectionId === connection.id).reduce<DiscoveryRunView | null>((last, event) => newestRun(last, event), connection.latestRun ?? null);
  if (!run) return <span className="muted">Never</span>;
  return (
    <Link to={runPath(connection.id, run.id)} className="last-run" title={formatDateTime(run.createdAt)} data-testid="last-run">
      <RunStatusBadge status={run.status} run />
      <span className="muted">{formatAgo(run.createdAt, now)}</span>
    </Link>
  );
}

/** Regions, each kept on one line. */
function Regions({ regions }: { regions: readonly string[] }) {
  if (regions.length === 0) return <>{formatRegions(regions)}</>;
  return (
    <>
      {regions.map((region, index) => (
        <Fragment key={region}>
          {index > 0 ? ', ' : null}
          <span className="table__nowrap">{region}</span>
        </Fragment>
      ))}
    </>
  );
}

function enabledKinds(connection: ConnectionSummaryFragment): string {
  const on = connection.kinds.filter((setting) => setting.enabled);
  if (on.length === connection.kinds.length) return 'All';
  if (on.length === 0) return 'None';
  return on.map((setting) => KIND_LABELS[setting.kind]).join(', ');
}

export function ConnectionsPage() {
  usePageTitle('Connections');
  const now = useNow(10_000);
  const events = useRunEvents();
  const [{ data, fetching, error }] = useQuery({ query: ConnectionsDocument, variables: { first: PAGE_SIZE }, context: CONNECTION_CONTEXT, requestPolicy: 'cache-and-network' });
  const page = data?.connections;
  const connections = page?.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="page page--wide" aria-labelledby="connections-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">Discovery</p>
          <h1 id="connections-title" className="page__title">
            Connections
          </h1>
          <p className="page__subtitle">
            Cloud accounts Maestro discovers: their servers, volumes, networks, databases and the rest come into the inventory, and
            stay current.
          </p>
        </div>
        <div className="page__actions">
          <Link to={NEW_CONNECTION_PATH} className="button button--primary" data-testid="new-connection">
            New connection
          </Link>
        </div>
      </header>

      <section className="panel" aria-labelledby="connections-list-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="connections-list-title" className="panel__title">
            Your connections
          </h2>
          {page ? <span className="panel__meta">{plural(page.totalCount, 'connection')}</span> : null}
        </header>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {page && connections.length === 0 ? (
          <p className="panel__empty" data-testid="no-connections">
            No connection yet. Create one with the keys of an AWS account to discover what runs in it.
          </p>
        ) : null}
        {connections.length > 0 ? (
          <div className="table-scroll">
            <table className="table" data-testid="connections-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Regions</th>
                  <th scope="col">Discovers</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {connections.map((connection) => (
                  <tr key={connection.id} data-testid="connection-row" data-name={connection.name}>
                    <th scope="row" className="table__name">
                      <Link to={connectionPath(connection.id)}>{connection.name}</Link>
                      {connection.enabled ? null : <span className="badge connection-paused">Paused</span>}
                    </th>
                    <td>{connection.provider}</td>
                    <td>
                      <Regions regions={connection.regions} />
                    </td>
                    <td>{enabledKinds(connection)}</td>
                    <td>
                      <LastRun connection={connection} events={events} now={now} />
                    </td>
                    <td>
                      <PrincipalName principal={connection.owner ?? null} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {!page && fetching ? <p className="panel__empty">Loading…</p> : null}
      </section>
    </section>
  );
}
