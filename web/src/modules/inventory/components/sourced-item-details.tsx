import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../../../app/session/session-context.ts';
import { LockFieldsDocument, UnlockFieldsDocument, type FieldProvenanceViewFragment } from '../../../gql/graphql.ts';
import { LockIcon } from '../../../shared/components/lock-icon.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { runActivityPath } from '../../history/activity-query.ts';
import { actorLabel, linkedRunId } from '../../history/actors.ts';
import { DiscoveredByNote } from '../../discovery/components/discovered-by-note.tsx';
import type { InventoryItemRecord, InventoryTypeDef } from '../inventory-model.ts';
import { valueAt } from '../item-values.ts';
import { LOCKED_NOTE, isFieldLocked, lastSeenNote, lockToggle, provenanceByField, provenanceText } from '../provenance.ts';
import { ItemDetails } from './item-details.tsx';

/** "Lock whole item", or a field by name. */
type LockTarget = { field: string } | 'all';

interface FieldSourceProps {
  field: string;
  label: string;
  entry: FieldProvenanceViewFragment | undefined;
  /** Locked by itself or with the whole item. */
  locked: boolean;
  /** Locked by itself: what its toggle turns over. */
  ownLock: boolean;
  wholeItemLocked: boolean;
  canLock: boolean;
  busy: boolean;
  meId: string | null;
  now: number;
  onToggle(target: LockTarget): void;
}

/** Under a field's value, discreetly: its lock, who set it and how long ago (the exact time on hover), and its lock toggle. */
function FieldSource({ field, label, entry, locked, ownLock, wholeItemLocked, canLock, busy, meId, now, onToggle }: FieldSourceProps) {
  if (!entry && !locked && !canLock) return null;
  const text = entry ? provenanceText(entry, meId, now) : null;
  return (
    <span className="field-source" data-testid="field-source" data-field={field} data-locked={locked ? 'true' : 'false'}>
      {locked ? (
        <span className="field-source__lock" title={LOCKED_NOTE} data-testid="field-locked">
          <LockIcon /> {LOCKED_NOTE}
        </span>
      ) : null}
      {text ? (
        <span className="field-source__by" title={text.title} data-testid="field-provenance" data-kind={entry?.source.kind}>
          {text.label}
        </span>
      ) : null}
      {canLock ? (
        <button
          type="button"
          className="field-source__toggle"
          aria-pressed={ownLock}
          aria-label={`${ownLock ? 'Unlock' : 'Lock'} ${label} against imports and discovery`}
          title={wholeItemLocked ? 'The whole item is locked' : `${ownLock ? 'Unlock' : 'Lock'} against imports and discovery`}
          disabled={busy || wholeItemLocked}
          onClick={() => onToggle({ field })}
          data-testid={`lock-toggle-${field}`}
        >
          {ownLock ? 'Unlock' : 'Lock'}
        </button>
      ) : null}
    </span>
  );
}

export interface SourcedItemDetailsProps {
  def: InventoryTypeDef;
  item: InventoryItemRecord;
  /** WRITE or ADMIN, on an active item: may lock and unlock. */
  canLock: boolean;
}

/**
 * An item's details as its own page shows them: beside each field, which
 * source last set it and whether it is locked against imports and
 * discovery; who created the item; which connection discovered it and
 * when it last saw it. Writers
 * lock and unlock fields, or the whole item, in place: the page asks for
 * the item again after each.
 */
export function SourcedItemDetails({ def, item, canLock }: SourcedItemDetailsProps) {
  const meId = useSession().user?.id ?? null;
  const now = useNow(30_000);
  const [pending, setPending] = useState(false);
  const [lockResult, lock] = useMutation(LockFieldsDocument);
  const [unlockResult, unlock] = useMutation(UnlockFieldsDocument);
  const byField = useMemo(() => provenanceByField(item.provenance), [item.provenance]);
  const error = readActionError(lockResult.error) ?? readActionError(unlockResult.error);
  const locks = item.locks;
  const lastSeen = lastSeenNote(item.lastSeenAt);
  const originRun = item.origin ? linkedRunId(item.origin) : null;
  const discoveredBy = item.origin?.kind === 'DISCOVERY' ? item.origin : null;
  const region = valueAt(item, def.type === 'Server' ? 'placement.region' : 'region');
  const lower = def.label.toLowerCase();

  async function onToggle(target: LockTarget) {
    const { lock: locking, input } = lockToggle(item.id, locks, target);
    setPending(true);
    // The answer names the item's type: the page's query of it is asked again.
    await (locking ? lock({ input }) : unlock({ input }));
    setPending(false);
  }

  return (
    <ItemDetails
      def={def}
      item={item}
      tools={
        canLock ? (
          <button
            type="button"
            className={`button button--small${locks.all ? ' button--primary' : ''}`}
            aria-pressed={locks.all}
            disabled={pending}
            onClick={() => void onToggle('all')}
            data-testid="lock-toggle-all"
          >
            <LockIcon open={!locks.all} /> {locks.all ? 'Unlock whole item' : 'Lock whole item'}
          </button>
        ) : null
      }
      notes={
        error || locks.all || lastSeen || discoveredBy ? (
          <div className="panel__body panel__body--tight item-notes">
            {error ? <FormAlert testId="lock-error">{error}</FormAlert> : null}
            {discoveredBy ? (
              <DiscoveredByNote
                origin={discoveredBy}
                item={{
                  type: def.type,
                  active: item.active,
                  lastSeenAt: item.lastSeenAt,
                  provenance: item.provenance,
                  region: typeof region === 'string' ? region : null,
                  family: valueAt(item, 'family'),
                }}
              />
            ) : null}
            {locks.all ? (
              <p className="item-notes__locked" data-testid="item-locked">
                <LockIcon /> {LOCKED_NOTE}: imports and discovery leave this whole {lower} as it is. People can still edit it.
              </p>
            ) : null}
            {lastSeen ? (
              <FormAlert tone="info" testId="last-seen">
                {lastSeen}.
              </FormAlert>
            ) : null}
          </div>
        ) : null
      }
      facts={
        item.origin ? (
          <div>
            <dt>Created by</dt>
            <dd data-testid="item-origin" data-kind={item.origin.kind}>
              {originRun ? <Link to={runActivityPath(originRun)}>{actorLabel(item.origin, meId)}</Link> : actorLabel(item.origin, meId)}
            </dd>
          </div>
        ) : null
      }
      fieldAside={(field, label) => (
        <FieldSource
          field={field}
          label={label}
          entry={byField.get(field)}
          locked={isFieldLocked(locks, field)}
          ownLock={locks.fields.includes(field)}
          wholeItemLocked={locks.all}
          canLock={canLock}
          busy={pending}
          meId={meId}
          now={now}
          onToggle={(target) => void onToggle(target)}
        />
      )}
    />
  );
}
