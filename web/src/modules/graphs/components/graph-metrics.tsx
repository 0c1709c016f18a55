import { Link } from 'react-router';
import type { GraphBuildViewFragment } from '../../../gql/graphql.ts';
import { inventoryType, itemPath } from '../../inventory/inventory-types.ts';
import { typeLabel } from '../graph-labels.ts';

type Metrics = NonNullable<GraphBuildViewFragment['metrics']>;

function CountTable({ title, rows, label = (text: string) => text, testId }: { title: string; rows: ReadonlyArray<{ label: string; count: number }>; label?: (text: string) => string; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <table className="table table--compact graph-metrics__table" data-testid={testId}>
      <caption>{title}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{label(row.label)}</th>
            <td className="table__number">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A build's numbers: counts, density, items by depth as bars, by type, family, system and client, cycles, and the items most depended on. */
export function GraphMetrics({ metrics }: { metrics: Metrics }) {
  const most = Math.max(1, ...metrics.byDepth.map((row) => row.count));
  return (
    <section className="panel" aria-labelledby="graph-metrics-title" data-testid="graph-metrics">
      <header className="panel__header">
        <h2 id="graph-metrics-title" className="panel__title">
          Metrics
        </h2>
      </header>
      <div className="panel__body graph-metrics">
        <dl className="graph-metrics__counts">
          <div>
            <dt>Items</dt>
            <dd data-testid="graph-metric-nodes">{metrics.nodes}</dd>
          </div>
          <div>
            <dt>Relations</dt>
            <dd data-testid="graph-metric-edges">{metrics.edges}</dd>
          </div>
          <div>
            <dt>Density</dt>
            <dd>{metrics.density.toFixed(3)}</dd>
          </div>
          <div>
            <dt>Cycles</dt>
            <dd>{metrics.cycles.length}</dd>
          </div>
        </dl>
        <figure className="graph-metrics__depths">
          <figcaption className="field__label">Items by depth</figcaption>
          <ol className="graph-bars" aria-label="Items by depth">
            {metrics.byDepth.map((row) => (
              <li key={row.depth} className="graph-bars__row" aria-label={`Depth ${row.depth}: ${row.count}`}>
                <span className="graph-bars__label">{row.depth}</span>
                <span className="graph-bars__bar" style={{ width: `${(row.count / most) * 100}%` }} />
                <span className="graph-bars__count">{row.count}</span>
              </li>
            ))}
          </ol>
        </figure>
        <CountTable title="By type" rows={metrics.byType} label={typeLabel} testId="graph-by-type" />
        <CountTable title="Applications by family" rows={metrics.byFamily} testId="graph-by-family" />
        <CountTable title="By system" rows={metrics.bySystem} testId="graph-by-system" />
        <CountTable title="By client" rows={metrics.byClient} testId="graph-by-client" />
        {metrics.mostDependedOn.length > 0 ? (
          <table className="table table--compact graph-metrics__table" data-testid="graph-most-depended-on">
            <caption>Most depended on</caption>
            <tbody>
              {metrics.mostDependedOn.map((hub) => {
                const def = inventoryType(hub.type);
                return (
                  <tr key={hub.id}>
                    <th scope="row">
                      <span className="muted">{typeLabel(hub.type)} </span>
                      {def ? <Link to={itemPath(def, hub.id)}>{hub.name}</Link> : hub.name}
                    </th>
                    <td className="table__number">{hub.dependents}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        {metrics.cycles.length > 0 ? (
          <div className="graph-metrics__cycles" data-testid="graph-cycles">
            <h3 className="field__label">Cycles</h3>
            <ul>
              {metrics.cycles.map((cycle) => (
                <li key={cycle.join('→')}>{[...cycle, cycle[0]].join(' → ')}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}
