import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../../../app/session/session-context.ts';
import { HistoryDocument, type ChangeViewFragment } from '../../../gql/graphql.ts';
import { plural } from '../../../shared/format.ts';
import type { InventoryDetailRecord, InventoryTypeDef } from '../../inventory/inventory-model.ts';
import { diffRows, relatedIds, type DiffRow } from '../change-format.ts';
import { useChangeFeed, type PageFetcher } from '../hooks/use-change-feed.ts';
import { useNodeRefs } from '../hooks/use-node-refs.ts';
import { readIsoParam } from '../time-input.ts';
import { AsItWasPanel } from './as-it-was-panel.tsx';
import { ChangeList } from './change-list.tsx';

export const HISTORY_PAGE = 20;

/** Names of the users and teams an item's access changes mention: today's grants, and the reader. */
function principalNames(item: InventoryDetailRecord, me: { id: string } | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const grant of item.access) if (grant.principal) names.set(grant.principal.id, grant.principal.name);
  if (me) names.set(me.id, 'you');
  return names;
}

/**
 * The History tab of an item: "as it was" at a chosen time, then every
 * change newest first, field by field. New changes appear on their own: the
 * page refetches the item when one arrives, and a new revision asks for the
 * newest changes again.
 */
export function HistoryView({ def, item }: { def: InventoryTypeDef; item: InventoryDetailRecord }) {
  const me = useSession().user;
  const [params, setParams] = useSearchParams();
  const at = readIsoParam(params.get('at'));
  const panelRef = useRef<HTMLElement>(null);

  const fetchPage = useCallback<PageFetcher>(
    async (client, after) => {
      const result = await client.query(HistoryDocument, { id: item.id, first: HISTORY_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
      return { page: result.data?.changes, error: result.error };
    },
    [item.id],
  );
  const feed = useChangeFeed(item.id, fetchPage);

  const seenRevision = useRef(item.revision);
  const { refresh } = feed;
  useEffect(() => {
    if (item.revision === seenRevision.current) return;
    seenRevision.current = item.revision;
    refresh();
  }, [item.revision, refresh]);

  const rowsById = useMemo(() => {
    const map = new Map<string, DiffRow[]>();
    for (const { node } of feed.edges) map.set(node.id, diffRows(def, node));
    return map;
  }, [def, feed.edges]);
  const ids = useMemo(() => relatedIds([...rowsById.values()].flat()), [rowsById]);
  const nodes = useNodeRefs(ids);
  const principals = useMemo(() => principalNames(item, me), [item, me]);
  const context = useMemo(() => ({ nodes: nodes.byId, principals }), [nodes.byId, principals]);

  function showAt(next: string | null, scroll = false) {
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next) updated.set('at', next);
        else updated.delete('at');
        return updated;
      },
      { replace: true },
    );
    if (scroll) panelRef.current?.focus();
  }

  const rowsOf = (change: ChangeViewFragment) => rowsById.get(change.id) ?? [];

  return (
    <>
      <AsItWasPanel def={def} item={item} at={at} onAt={(next) => showAt(next)} changes={feed.edges} panelRef={panelRef} />
      <section className="panel" aria-labelledby="history-title" aria-busy={feed.loading || feed.loadingOlder} data-testid="history-view">
        <header className="panel__header">
          <div>
            <h2 id="history-title" className="panel__title">
              History
            </h2>
            <p className="panel__subtitle">Every change to this {def.label.toLowerCase()}, newest first: by whom, when, and each field before → after.</p>
          </div>
          {feed.totalCount !== null ? (
            <span className="panel__meta" data-testid="history-total">
              {plural(feed.totalCount, 'change')}
            </span>
          ) : null}
        </header>
        <ChangeList
          feed={feed}
          rowsOf={rowsOf}
          context={context}
          meId={me?.id ?? null}
          actionsOf={(change) => (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => showAt(change.at, true)}
              aria-pressed={at === change.at}
              data-testid="show-as-it-was"
            >
              As it was after this
            </button>
          )}
          empty="No change recorded yet."
          labelledBy="history-title"
        />
      </section>
    </>
  );
}
