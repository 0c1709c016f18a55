import { KIND_LABELS, componentLabel, formatLatency, type ComponentGroup } from '../status-view.ts';
import { StateBadge } from './state-badge.tsx';

export function ComponentTable({ group }: { group: ComponentGroup }) {
  const headingId = `components-${group.id}`;
  const down = group.components.filter((c) => !c.ok).length;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel__header">
        <div>
          <h2 id={headingId} className="panel__title">
            {group.title}
          </h2>
          <p className="panel__subtitle">{group.description}</p>
        </div>
        <span className={`panel__count ${down > 0 ? 'panel__count--down' : ''}`}>
          {group.components.length - down}/{group.components.length} up
        </span>
      </header>
      <table className="components">
        <colgroup>
          <col className="components__col-name" />
          <col className="components__col-kind" />
          <col className="components__col-state" />
          <col className="components__col-latency" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col" className="components__num">
              Latency
            </th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {group.components.map((component) => (
            <tr
              key={component.name}
              className={component.ok ? 'components__row' : 'components__row components__row--down'}
              data-testid={`component-${component.name}`}
              data-ok={String(component.ok)}
            >
              <th scope="row" className="components__name">
                <span className="components__label">{componentLabel(component.name)}</span>
                <code className="components__id">{component.name}</code>
              </th>
              <td className="components__kind">{KIND_LABELS[component.kind]}</td>
              <td>
                <StateBadge ok={component.ok} />
              </td>
              <td className="components__num">{formatLatency(component.latencyMs)}</td>
              <td className="components__detail">{component.detail ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
