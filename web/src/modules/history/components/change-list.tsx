import type { ReactNode } from 'react';
import type { ChangeViewFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import type { DiffRow } from '../change-format.ts';
import type { ChangeFeed } from '../hooks/use-change-feed.ts';
import { ChangeEntry } from './change-entry.tsx';
import type { DiffContext } from './diff-row-view.tsx';

export interface ChangeListProps {
  feed: ChangeFeed;
  rowsOf(change: ChangeViewFragment): readonly DiffRow[];
  context: Omit<DiffContext, 'created'>;
  meId: string | null;
  subjectOf?(change: ChangeViewFragment): ReactNode;
  actionsOf?(change: ChangeViewFragment): ReactNode;
  foldCreations?: boolean;
  /** Shown when there is no change at all. */
  empty: string;
  labelledBy: string;
}

/** Changes newest first, then "Load older" while older ones remain. */
export function ChangeList({ feed, rowsOf, context, meId, subjectOf, actionsOf, foldCreations = false, empty, labelledBy }: ChangeListProps) {
  return (
    <>
      {feed.error ? (
        <div className="panel__body">
          <FormAlert>{readActionError(feed.error)}</FormAlert>
        </div>
      ) : null}
      {feed.loading ? <p className="panel__empty">Loading…</p> : null}
      {!feed.loading && !feed.error && feed.edges.length === 0 ? (
        <p className="panel__empty" data-testid="changes-empty">
          {empty}
        </p>
      ) : null}
      {feed.edges.length > 0 ? (
        <ol className="changes" aria-labelledby={labelledBy} data-testid="changes">
          {feed.edges.map(({ node }) => (
            <ChangeEntry
              key={node.id}
              change={node}
              rows={rowsOf(node)}
              context={context}
              meId={meId}
              subject={subjectOf?.(node)}
              actions={actionsOf?.(node)}
              foldCreation={foldCreations}
            />
          ))}
        </ol>
      ) : null}
      {feed.hasOlder ? (
        <div className="changes__more">
          <button type="button" className="button button--small" onClick={feed.loadOlder} disabled={feed.loadingOlder} data-testid="load-older">
            {feed.loadingOlder ? 'Loading…' : 'Load older changes'}
          </button>
        </div>
      ) : null}
    </>
  );
}
