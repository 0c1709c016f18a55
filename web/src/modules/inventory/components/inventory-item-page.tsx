import { useState } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { PayloadWarningFragment } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { NotFoundPage } from '../../../app/components/not-found-page.tsx';
import { AccessPanel } from '../../access/components/access-panel.tsx';
import { HistoryView } from '../../history/components/history-view.tsx';
import { LiveNote } from '../../live/components/live-note.tsx';
import { useEntityChanges, type LastChange } from '../../live/hooks/use-entity-changes.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { roleAtLeast } from '../../access/roles.ts';
import type { InventoryDetailRecord, InventoryItemRecord, InventoryTypeDef } from '../inventory-model.ts';
import { itemPath } from '../inventory-types.ts';
import { itemName } from '../item-values.ts';
import { canDepend } from '../relation-kinds.ts';
import { DependencyTreeMaker } from './dependency-tree-maker.tsx';
import { GraphView } from './graph-view.tsx';
import { ItemForm } from './item-form.tsx';
import { RelationsPanel } from './relations-panel.tsx';
import { SourcedItemDetails } from './sourced-item-details.tsx';
import { WarningsAlert } from './warnings-alert.tsx';

/** Neighbours listed per relation field; the panel says when there are more. */
const RELATED_PAGE = 50;

const VIEWS = [
  { view: undefined, label: 'Overview' },
  { view: 'dependencies', label: 'Dependencies' },
  { view: 'impact', label: 'Impact' },
  { view: 'history', label: 'History' },
] as const;

type View = (typeof VIEWS)[number]['view'];

function isView(value: string | undefined): value is View {
  return VIEWS.some((entry) => entry.view === value);
}

/** One page per item: moving to another item starts afresh. */
export function InventoryItemRoute({ def }: { def: InventoryTypeDef }) {
  const { id = '' } = useParams();
  return <InventoryItemPage key={id} def={def} />;
}

/**
 * The page of one inventory item: its fields (edited in place), its
 * relations, who has access; and, on their own tabs, what it depends on,
 * what depends on it, and its history. It follows changes live: when the
 * item changes (or the live link comes back), it is asked for again.
 */
export function InventoryItemPage({ def }: { def: InventoryTypeDef }) {
  const { id = '', view } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: def.documents.item,
    variables: { id, related: RELATED_PAGE },
    requestPolicy: 'cache-and-network',
  });
  const item = data?.item ?? null;
  usePageTitle(item ? itemName(def, item) : def.label);
  const lastChange = useEntityChanges({ ids: [id] }, () => refetch({ requestPolicy: 'network-only' }));

  if (!isView(view)) return <NotFoundPage />;
  if (!item) {
    return (
      <section className="page" aria-labelledby="item-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            Inventory / <Link to={`/${def.route}`}>{def.pluralLabel}</Link>
          </p>
          <h1 id="item-title" className="page__title">
            {fetching ? `Loading ${def.label.toLowerCase()}…` : `${def.label} not found`}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }
  return (
    <ItemView key={item.id} def={def} item={item} view={view} lastChange={lastChange} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
  );
}

interface ItemViewProps {
  def: InventoryTypeDef;
  item: InventoryItemRecord;
  view: View;
  /** The last change someone else made, seen live. */
  lastChange: LastChange | null;
  onChanged(): void;
}

function ItemView({ def, item, view, lastChange, onChanged }: ItemViewProps) {
  const [editing, setEditing] = useState(false);
  const [warnings, setWarnings] = useState<PayloadWarningFragment[]>([]);
  const [updateResult, update] = useMutation(def.documents.update);
  const [deleteResult, remove] = useMutation(def.documents.remove);
  const [restoreResult, restore] = useMutation(def.documents.restore);
  const canWrite = roleAtLeast(item.myRole, 'WRITE');
  const isAdmin = roleAtLeast(item.myRole, 'ADMIN');
  const name = itemName(def, item);
  const lower = def.label.toLowerCase();
  const actionError = readActionError(deleteResult.error) ?? readActionError(restoreResult.error);

  async function onSave(input: Record<string, unknown>) {
    setWarnings([]);
    const answer = await update({ id: item.id, input });
    const payload = answer.data?.payload;
    if (!payload) return;
    setWarnings(payload.warnings);
    setEditing(false);
  }

  async function onDelete() {
    setWarnings([]);
    const answer = await remove({ id: item.id });
    if (answer.data) setWarnings(answer.data.payload.warnings);
  }

  async function onRestore() {
    setWarnings([]);
    const answer = await restore({ id: item.id });
    if (answer.data) setWarnings(answer.data.payload.warnings);
  }

  return (
    <section className="page page--wide" aria-labelledby="item-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            Inventory / <Link to={`/${def.route}`}>{def.pluralLabel}</Link>
          </p>
          <div className="page__title-row">
            <h1 id="item-title" className="page__title" data-testid={`${def.testId}-title`}>
              {name}
            </h1>
            {item.active ? null : (
              <span className="badge badge--deleted" data-testid="deleted-badge">
                Deleted
              </span>
            )}
          </div>
          <p className="page__subtitle">
            {def.label} · your role: <RoleBadge role={item.myRole} />
          </p>
          <LiveNote last={lastChange} />
        </div>
        {view === undefined ? (
          <div className="page__actions">
            {canWrite && item.active && !editing ? (
              <button type="button" className="button" onClick={() => setEditing(true)} data-testid={`edit-${def.testId}`}>
                Edit
              </button>
            ) : null}
            {isAdmin && item.active ? (
              <ConfirmButton
                question={`Delete this ${lower}?`}
                confirmLabel="Delete"
                disabled={deleteResult.fetching}
                onConfirm={() => void onDelete()}
                testId={`delete-${def.testId}`}
              >
                Delete
              </ConfirmButton>
            ) : null}
            {isAdmin && !item.active ? (
              <button
                type="button"
                className="button button--primary"
                onClick={() => void onRestore()}
                disabled={restoreResult.fetching}
                data-testid={`restore-${def.testId}`}
              >
                {restoreResult.fetching ? 'Restoring…' : 'Restore'}
              </button>
            ) : null}
          </div>
        ) : null}
      </header>

      <nav className="tabs" aria-label={`${def.label} views`}>
        {VIEWS.map((entry) => (
          <NavLink
            key={entry.label}
            to={itemPath(def, item.id, entry.view)}
            end
            className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`}
            data-testid={`tab-${entry.view ?? 'overview'}`}
          >
            {entry.label}
          </NavLink>
        ))}
      </nav>

      {view === undefined ? (
        <>
          {actionError ? <FormAlert>{actionError}</FormAlert> : null}
          <WarningsAlert def={def} warnings={warnings} />
          {item.active ? null : (
            <FormAlert tone="info">
              This {lower} is deleted: it is hidden from lists, search and graphs{isAdmin ? ' until you restore it' : ''}.
            </FormAlert>
          )}
          {editing ? (
            <section className="panel" aria-labelledby="edit-item-title">
              <header className="panel__header">
                <h2 id="edit-item-title" className="panel__title">
                  Edit {lower}
                </h2>
              </header>
              <ItemForm
                def={def}
                initial={item}
                error={updateResult.error}
                busy={updateResult.fetching}
                submitLabel="Save changes"
                busyLabel="Saving…"
                onSubmit={(input) => void onSave(input)}
                onUnchanged={() => setEditing(false)}
                onCancel={() => setEditing(false)}
                labelledBy="edit-item-title"
              />
            </section>
          ) : (
            <SourcedItemDetails def={def} item={item} canLock={canWrite && item.active} />
          )}
          <RelationsPanel def={def} item={item} canWrite={canWrite} onChanged={onChanged} />
          <AccessPanel entityId={item.id} entityKind={lower} access={item.access} myRole={item.myRole} />
        </>
      ) : null}

      {view === 'dependencies' ? (
        <DependenciesView def={def} item={item} canWrite={canWrite} onChanged={onChanged} />
      ) : null}
      {view === 'impact' ? <GraphView mode="impact" itemId={item.id} itemName={name} itemType={def.type} /> : null}
      {view === 'history' ? <HistoryView def={def} item={item} /> : null}
    </section>
  );
}

function DependenciesView({ def, item, canWrite, onChanged }: { def: InventoryTypeDef; item: InventoryDetailRecord; canWrite: boolean; onChanged(): void }) {
  // Remounting the walk after a save asks the API again.
  const [revision, setRevision] = useState(0);
  const name = itemName(def, item);
  return (
    <>
      {canDepend(def.type) && canWrite && item.active ? (
        <DependencyTreeMaker
          itemId={item.id}
          itemName={name}
          onSaved={() => {
            setRevision((value) => value + 1);
            onChanged();
          }}
        />
      ) : null}
      <GraphView key={revision} mode="dependencies" itemId={item.id} itemName={name} itemType={def.type} />
    </>
  );
}
