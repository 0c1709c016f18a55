import { useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { DependenciesDocument, ImpactDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { groupByDepth, pathNames, summarize } from '../graph-hops.ts';
import { nodeLabel } from '../item-values.ts';
import { RELATION_KIND_LABELS } from '../relation-kinds.ts';
import { GraphPictureView } from '../../graphs/components/graph-picture-view.tsx';
import { hopsPicture } from '../../graphs/hops-picture.ts';
import { NodeLink } from './node-link.tsx';

export type GraphMode = 'impact' | 'dependencies';

const DEPTHS = [1, 2, 3, 5, 10, 20];
const DEFAULT_DEPTH = 5;

const TEXT: Record<GraphMode, { title: string; lead(name: string): string; empty(name: string): string }> = {
  impact: {
    title: 'Impact',
    lead: (name) => `What breaks if ${name} fails: everything that depends on it, directly or not, nearest first.`,
    empty: (name) => `Nothing you can see depends on ${name}.`,
  },
  dependencies: {
    title: 'Dependencies',
    lead: (name) => `What ${name} needs to work, directly or not, nearest first.`,
    empty: (name) => `${name} depends on nothing you can see.`,
  },
};

export interface GraphViewProps {
  mode: GraphMode;
  itemId: string;
  itemName: string;
  /** The item's type, for its box in the small picture. */
  itemType?: string;
}

/**
 * A walk through the graph from one item: the items reached, grouped by
 * depth, each with the kind of its last edge and the path that led there.
 */
export function GraphView({ mode, itemId, itemName, itemType = 'Item' }: GraphViewProps) {
  const id = useId();
  const [depth, setDepth] = useState(DEFAULT_DEPTH);
  const variables = { id: itemId, depth };
  const [impact] = useQuery({ query: ImpactDocument, variables, pause: mode !== 'impact', requestPolicy: 'cache-and-network' });
  const [dependencies] = useQuery({ query: DependenciesDocument, variables, pause: mode !== 'dependencies', requestPolicy: 'cache-and-network' });
  const { fetching, error } = mode === 'impact' ? impact : dependencies;
  const hops = (mode === 'impact' ? impact.data?.impact : dependencies.data?.dependencies) ?? null;
  const levels = hops ? groupByDepth(hops) : [];
  const text = TEXT[mode];
  const picture = useMemo(() => (hops && hops.length > 0 ? hopsPicture(mode, { id: itemId, type: itemType, name: itemName }, hops) : null), [hops, mode, itemId, itemType, itemName]);

  return (
    <section className="panel" aria-labelledby={`${id}-title`} aria-busy={fetching} data-testid={`${mode}-view`}>
      <header className="panel__header">
        <div>
          <h2 id={`${id}-title`} className="panel__title">
            {text.title}
          </h2>
          <p className="panel__subtitle">{text.lead(itemName)}</p>
        </div>
        <div className="panel__tools">
          {hops ? (
            <span className="panel__meta" data-testid={`${mode}-summary`}>
              {summarize(levels)}
            </span>
          ) : null}
          <label htmlFor={`${id}-depth`} className="field__label field__label--inline">
            Depth
          </label>
          <select id={`${id}-depth`} className="select select--small" value={depth} onChange={(event) => setDepth(Number(event.target.value))} data-testid="graph-depth">
            {DEPTHS.map((value) => (
              <option key={value} value={value}>
                up to {value}
              </option>
            ))}
          </select>
        </div>
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert>{readActionError(error)}</FormAlert>
        </div>
      ) : null}
      {!hops && fetching ? <p className="panel__empty">Loading…</p> : null}
      {hops && hops.length === 0 ? (
        <p className="panel__empty" data-testid={`${mode}-empty`}>
          {text.empty(itemName)}
        </p>
      ) : null}
      {picture ? (
        <div className="hop-picture">
          <GraphPictureView picture={picture} compact height={Math.min(320, Math.max(140, picture.height + 20))} label={`${text.title} of ${itemName}, as a picture`} testId={`${mode}-picture`} />
        </div>
      ) : null}
      {levels.map((level) => (
        <section key={level.depth} className="hop-level" aria-labelledby={`${id}-depth-${level.depth}`} data-testid="hop-level" data-depth={level.depth}>
          <h3 id={`${id}-depth-${level.depth}`} className="hop-level__title">
            <span className="hop-level__depth">Depth {level.depth}</span>
            <span className="hop-level__count">{level.hops.length === 1 ? '1 item' : `${level.hops.length} items`}</span>
            <span className="hop-level__hint muted">{level.depth === 1 ? 'directly' : `through ${level.depth - 1} other${level.depth === 2 ? '' : 's'}`}</span>
          </h3>
          <div className="table-scroll">
            <table className="table table--compact" aria-labelledby={`${id}-depth-${level.depth}`}>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Via</th>
                  <th scope="col">Path</th>
                </tr>
              </thead>
              <tbody>
                {level.hops.map((hop) => (
                  <tr key={hop.node.id} data-testid="hop" data-depth={hop.depth} data-name={nodeLabel(hop.node)} data-type={hop.node.__typename} data-via={hop.via}>
                    <th scope="row">
                      <NodeLink node={hop.node} />
                    </th>
                    <td className="table__nowrap">
                      <span className="via">{RELATION_KIND_LABELS[hop.via]}</span>
                    </td>
                    <td>
                      <ol className="hop-path" aria-label="Path">
                        {pathNames(hop, itemName, hops ?? [], itemId).map((name, index) => (
                          <li key={`${index}-${name}`} className="hop-path__step">
                            {name}
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}
