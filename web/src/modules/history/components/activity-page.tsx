import { useCallback, useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../../app/session/session-context.ts';
import { ActivityDocument, type ChangeViewFragment, type NodeRefFragment } from '../../../gql/graphql.ts';
import { CheckboxMenu } from '../../../shared/components/checkbox-menu.tsx';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { NodeLink } from '../../inventory/components/node-link.tsx';
import { INVENTORY_TYPES, inventoryType, itemPath } from '../../inventory/inventory-types.ts';
import { LiveNote } from '../../live/components/live-note.tsx';
import { useEntityChanges } from '../../live/hooks/use-entity-changes.ts';
import { hasActivityFilter, readActivityState, toActivityFilter, writeActivityState, type ActivityState } from '../activity-query.ts';
import { ACTOR_KINDS, ACTOR_KIND_LABELS, isActorKind, runChipLabel } from '../actors.ts';
import { OPERATIONS, OPERATION_LABELS, diffRows, isOperation, relatedIds, type DiffRow } from '../change-format.ts';
import { useChangeFeed, type PageFetcher } from '../hooks/use-change-feed.ts';
import { useNodeRefs } from '../hooks/use-node-refs.ts';
import { fromLocalInput, toLocalInput } from '../time-input.ts';
import { ChangeList } from './change-list.tsx';

export const ACTIVITY_PAGE = 30;

const TYPE_OPTIONS = INVENTORY_TYPES.map((def) => ({ value: def.type, label: def.pluralLabel }));
const OPERATION_OPTIONS = OPERATIONS.map((operation) => ({ value: operation, label: OPERATION_LABELS[operation] }));
const ACTOR_KIND_OPTIONS = ACTOR_KINDS.map((kind) => ({ value: kind, label: ACTOR_KIND_LABELS[kind] }));

/** The item a change is about: linked by name when the reader can see it. */
function ChangeSubject({ change, node }: { change: ChangeViewFragment; node: NodeRefFragment | null | undefined }) {
  if (node) return <NodeLink node={node} detail={false} />;
  const def = inventoryType(change.entityType);
  return (
    <span className="node-link">
      <span className="node-link__type">{def?.label ?? change.entityType}</span>
      {def ? (
        <Link to={itemPath(def, change.entityId)} className="node-link__name">
          {node === null ? 'an item you cannot see now' : '…'}
        </Link>
      ) : null}
    </span>
  );
}

function ActivityFilters({ state, onChange }: { state: ActivityState; onChange(state: ActivityState): void }) {
  const id = useId();
  const set = (patch: Partial<ActivityState>) => onChange({ ...state, ...patch });
  return (
    <div className="filters" role="group" aria-label="Filters">
      <MenuFilter caption="What" label="Types" options={TYPE_OPTIONS} selected={state.types} onChange={(types) => set({ types })} testId="filter-types" />
      <MenuFilter
        caption="Change"
        label="Operations"
        options={OPERATION_OPTIONS}
        selected={state.operations}
        onChange={(values) => set({ operations: values.filter(isOperation) })}
        testId="filter-operations"
      />
      <MenuFilter
        caption="Who"
        label="Made by"
        options={ACTOR_KIND_OPTIONS}
        selected={state.actorKinds}
        onChange={(values) => set({ actorKinds: values.filter(isActorKind) })}
        testId="filter-actor-kinds"
      />
      <div className="filters__item">
        <label htmlFor={`${id}-since`} className="field__label">
          Since
        </label>
        <input
          id={`${id}-since`}
          className="input"
          type="datetime-local"
          step={1}
          value={toLocalInput(state.since)}
          onChange={(event) => set({ since: fromLocalInput(event.target.value) })}
          data-testid="filter-since"
        />
      </div>
      <div className="filters__item">
        <label htmlFor={`${id}-until`} className="field__label">
          Until
        </label>
        <input
          id={`${id}-until`}
          className="input"
          type="datetime-local"
          step={1}
          value={toLocalInput(state.until)}
          onChange={(event) => set({ until: fromLocalInput(event.target.value) })}
          data-testid="filter-until"
        />
      </div>
      <div className="filters__item filters__item--check">
        <input
          id={`${id}-mine`}
          type="checkbox"
          className="checkbox"
          checked={state.mine}
          onChange={(event) => set({ mine: event.target.checked })}
          data-testid="filter-mine"
        />
        <label htmlFor={`${id}-mine`}>Only my changes</label>
      </div>
    </div>
  );
}

/** One filter of the bar: a caption over a menu of checkboxes. */
function MenuFilter({ caption, ...menu }: { caption: string } & Parameters<typeof CheckboxMenu>[0]) {
  return (
    <div className="filters__item">
      <span className="field__label" aria-hidden="true">
        {caption}
      </span>
      <CheckboxMenu {...menu} />
    </div>
  );
}

/** While the page keeps to one run: "Changes of import #12", and a button that lets it go. */
function RunChip({ label, onClear }: { label: string; onClear(): void }) {
  return (
    <p className="run-filter">
      <span className="filter-chip" data-testid="run-chip">
        {label}
        <button type="button" className="filter-chip__clear" onClick={onClear} aria-label={`Clear: ${label}`} data-testid="run-chip-clear">
          <span aria-hidden="true">×</span>
        </button>
      </span>
    </p>
  );
}

/**
 * Every change across what the reader can see, newest first: filtered by
 * type, operation, kind of actor, run, time and author (kept in the
 * address), older pages on request, and new changes on top as they happen.
 */
export function ActivityPage() {
  usePageTitle('Activity');
  const me = useSession().user;
  const meId = me?.id ?? null;
  const [params, setParams] = useSearchParams();
  const state = readActivityState(params);
  const filter = toActivityFilter(state, meId);
  const key = JSON.stringify(filter);

  const fetchPage = useCallback<PageFetcher>(
    async (client, after) => {
      const result = await client.query(ActivityDocument, { filter, first: ACTIVITY_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
      return { page: result.data?.changes, error: result.error };
    },
    // The filter is the same whenever its key is.
    [key],
  );
  const feed = useChangeFeed(key, fetchPage);
  const lastChange = useEntityChanges({ types: state.types }, () => feed.refresh(), { burstMs: 1000 });

  const rowsById = useMemo(() => {
    const map = new Map<string, DiffRow[]>();
    for (const { node } of feed.edges) map.set(node.id, diffRows(inventoryType(node.entityType), node));
    return map;
  }, [feed.edges]);
  const ids = useMemo(() => [...feed.edges.map((edge) => edge.node.entityId), ...relatedIds([...rowsById.values()].flat())], [feed.edges, rowsById]);
  const nodes = useNodeRefs(ids);
  const principals = useMemo(() => new Map(meId ? [[meId, 'you']] : []), [meId]);
  const context = useMemo(() => ({ nodes: nodes.byId, principals }), [nodes.byId, principals]);

  return (
    <section className="page page--wide" aria-labelledby="activity-title">
      <header className="page__header">
        <p className="breadcrumbs">History</p>
        <h1 id="activity-title" className="page__title">
          Activity
        </h1>
        <p className="page__subtitle">Every change to what you can see, newest first: who did what, when, field by field.</p>
      </header>
      <section className="panel panel--overflow" aria-labelledby="activity-panel-title" aria-busy={feed.loading || feed.loadingOlder} data-testid="activity">
        <header className="panel__header">
          <h2 id="activity-panel-title" className="panel__title">
            Changes
          </h2>
          <div className="panel__tools">
            <LiveNote last={lastChange} what="Changed" />
            {hasActivityFilter(state) ? (
              <button type="button" className="button button--small button--quiet" onClick={() => setParams(new URLSearchParams())} data-testid="clear-filters">
                Clear filters
              </button>
            ) : null}
          </div>
        </header>
        <div className="panel__body panel__body--tight">
          {state.runId ? (
            <RunChip
              label={runChipLabel(
                state.runId,
                feed.edges.map((edge) => edge.node.actor),
              )}
              onClear={() => setParams(writeActivityState({ ...state, runId: null }), { replace: true })}
            />
          ) : null}
          <ActivityFilters state={state} onChange={(next) => setParams(writeActivityState(next), { replace: true })} />
        </div>
        <ChangeList
          feed={feed}
          rowsOf={(change) => rowsById.get(change.id) ?? []}
          context={context}
          meId={meId}
          subjectOf={(change) => <ChangeSubject change={change} node={nodes.byId.get(change.entityId)} />}
          foldCreations
          empty={hasActivityFilter(state) ? 'No change matches these filters.' : 'Nothing has changed yet.'}
          labelledBy="activity-panel-title"
        />
      </section>
    </section>
  );
}
