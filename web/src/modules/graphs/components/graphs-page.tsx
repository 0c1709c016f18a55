import { Link } from 'react-router';
import { useQuery } from 'urql';
import { GraphsDocument, type GraphSummaryFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime, plural } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { formatAgo } from '../../history/change-format.ts';
import { GRAPH_SOURCE_LABELS } from '../graph-labels.ts';
import { NEW_GRAPH_PATH, graphPath } from '../graph-paths.ts';

const GRAPH_CONTEXT = { additionalTypenames: ['Graph', 'GraphBuild'] };

function LastBuild({ graph, now }: { graph: GraphSummaryFragment; now: number }) {
  const build = graph.lastBuild;
  if (!build) return <span className="muted">Not built yet</span>;
  const at = build.finishedAt ?? build.createdAt;
  return (
    <span title={formatDateTime(at)} data-testid="graph-last-build">
      {formatAgo(at, now)}, {plural(build.progress.nodes, 'item')}
    </span>
  );
}

/** The dependency graphs the reader can read: where each starts, how deep, its last build, the reader's role. */
export function GraphsPage() {
  usePageTitle('Dependency graphs');
  const now = useNow(10_000);
  const [{ data, fetching, error }] = useQuery({ query: GraphsDocument, context: GRAPH_CONTEXT, requestPolicy: 'cache-and-network' });
  const graphs = (data?.graphs ?? []).filter((graph) => graph.active);
  return (
    <section className="page page--wide" aria-labelledby="graphs-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="graphs-title" className="page__title">
            Dependency graphs
          </h1>
          <p className="page__subtitle">From a system, a client or applications, what they depend on, hop by hop; built in the background with your access, as a picture, metrics and downloads.</p>
        </div>
        <div className="page__actions">
          <Link to={NEW_GRAPH_PATH} className="button button--primary" data-testid="new-graph">
            New graph
          </Link>
        </div>
      </header>
      <section className="panel" aria-labelledby="graphs-list-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="graphs-list-title" className="panel__title">
            Your graphs
          </h2>
          {data ? <span className="panel__meta">{plural(graphs.length, 'graph')}</span> : null}
        </header>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {data && graphs.length === 0 ? (
          <p className="panel__empty" data-testid="no-graphs">
            No graph yet. Make one to see what a system, a client or a few applications depend on.
          </p>
        ) : null}
        {graphs.length > 0 ? (
          <div className="table-scroll">
            <table className="table" data-testid="graphs-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Source</th>
                  <th scope="col">Depth</th>
                  <th scope="col">Last build</th>
                  <th scope="col">Your role</th>
                </tr>
              </thead>
              <tbody>
                {graphs.map((graph) => (
                  <tr key={graph.id} data-testid="graph-row" data-name={graph.name}>
                    <th scope="row" className="table__name">
                      <Link to={graphPath(graph.id)}>{graph.name}</Link>
                      {graph.description ? <div className="muted">{graph.description}</div> : null}
                    </th>
                    <td data-testid="graph-source">
                      {GRAPH_SOURCE_LABELS[graph.source]}
                      {graph.source === 'APPLICATIONS' ? ` (${graph.sourceIds.length})` : ''}
                    </td>
                    <td>{graph.depth}</td>
                    <td className="table__nowrap">
                      <LastBuild graph={graph} now={now} />
                    </td>
                    <td>
                      <RoleBadge role={graph.myRole} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {!data && fetching ? <p className="panel__empty">Loading…</p> : null}
      </section>
    </section>
  );
}
