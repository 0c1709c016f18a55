import { useId, useMemo, type RefObject } from 'react';
import { useQuery } from 'urql';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { ItemDetails } from '../../inventory/components/item-details.tsx';
import type { InventoryRecord, InventoryTypeDef } from '../../inventory/inventory-model.ts';
import type { FeedEdge } from '../change-feed.ts';
import { OPERATION_LABELS } from '../change-format.ts';
import { fromLocalInput, toLocalInput } from '../time-input.ts';

export interface AsItWasPanelProps {
  def: InventoryTypeDef;
  item: InventoryRecord;
  /** The time looked at (ISO), or null for now. */
  at: string | null;
  onAt(at: string | null): void;
  /** The changes loaded so far, newest first: the stops of the slider. */
  changes: readonly FeedEdge[];
  panelRef?: RefObject<HTMLElement | null>;
}

function isInventoryRecord(node: InventoryRecord | { __typename: string }): node is InventoryRecord {
  return 'revision' in node && 'id' in node;
}

/** The slider's stop for a time: the last change made at or before it. */
function stopAt(times: readonly string[], at: string | null): number {
  if (at === null) return times.length;
  const time = Date.parse(at);
  let stop = 0;
  times.forEach((candidate, index) => {
    if (Date.parse(candidate) <= time) stop = index;
  });
  return stop;
}

function PastState({ def, item, at, onAt }: { def: InventoryTypeDef; item: InventoryRecord; at: string; onAt(at: string | null): void }) {
  const variables = useMemo(() => ({ id: item.id, at }), [item.id, at]);
  const [{ data, fetching, error }] = useQuery({ query: def.documents.at, variables, requestPolicy: 'cache-and-network' });
  const lower = def.label.toLowerCase();
  if (error) return <FormAlert>{readActionError(error)}</FormAlert>;
  if (!data) return <p className="muted">{fetching ? 'Looking back…' : null}</p>;
  const state = data.state;
  const node = state?.node;
  return (
    <div data-testid="as-it-was" data-revision={state?.revision ?? ''}>
      <div className="past-banner" role="status">
        <span className="past-banner__label">Past view</span>
        <span className="past-banner__text">
          {state && node && isInventoryRecord(node) ? (
            <>
              The {lower} as it was on <strong>{formatDateTime(at)}</strong>: revision {state.revision} of {item.revision}, from the change of{' '}
              {formatDateTime(state.at)}. Relations and access on the other tabs are today’s.
            </>
          ) : (
            <>
              This {lower} did not exist yet on <strong>{formatDateTime(at)}</strong>.
            </>
          )}
        </span>
        <button type="button" className="button button--small" onClick={() => onAt(null)} data-testid="back-to-now">
          Back to now
        </button>
      </div>
      {state && node && isInventoryRecord(node) ? <ItemDetails def={def} item={node} title="Details as they were" className="panel--past" /> : null}
    </div>
  );
}

/**
 * "As it was": a time, picked with a date-time field or a slider over the
 * times of the changes, and the item's fields as they were then.
 */
export function AsItWasPanel({ def, item, at, onAt, changes, panelRef }: AsItWasPanelProps) {
  const id = useId();
  /** Change times, oldest first. */
  const times = useMemo(() => [...new Set(changes.map((edge) => edge.node.at))].reverse(), [changes]);
  const operations = useMemo(() => new Map(changes.map((edge) => [edge.node.at, edge.node.operation])), [changes]);
  const stop = stopAt(times, at);
  const stopTime = times[stop];
  const stopOperation = stopTime ? operations.get(stopTime) : undefined;
  const stopLabel =
    stop >= times.length || !stopTime ? 'Now' : `${formatDateTime(stopTime)}, after “${stopOperation ? OPERATION_LABELS[stopOperation] : 'change'}”`;

  return (
    <>
      <section className={`panel${at ? ' panel--past-view' : ''}`} aria-labelledby={`${id}-title`} data-testid="as-it-was-panel" ref={panelRef} tabIndex={-1}>
        <header className="panel__header">
          <div>
            <h2 id={`${id}-title`} className="panel__title">
              As it was
            </h2>
            <p className="panel__subtitle">Pick a time to see this {def.label.toLowerCase()}’s fields as they were then.</p>
          </div>
        </header>
        <div className="panel__body as-it-was__controls">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-time`}>
              Date and time
            </label>
            <input
              id={`${id}-time`}
              className="input"
              type="datetime-local"
              step={1}
              value={toLocalInput(at)}
              max={toLocalInput(new Date().toISOString())}
              onChange={(event) => {
                const iso = fromLocalInput(event.target.value);
                if (iso) onAt(iso);
              }}
              data-testid="as-it-was-time"
            />
          </div>
          {times.length > 0 ? (
            <div className="field field--grow">
              <label className="field__label" htmlFor={`${id}-slider`}>
                Changes <span className="muted">({times.length} loaded)</span>
              </label>
              <input
                id={`${id}-slider`}
                className="as-it-was__slider"
                type="range"
                min={0}
                max={times.length}
                step={1}
                value={stop}
                aria-valuetext={stopLabel}
                onChange={(event) => {
                  const index = Number(event.target.value);
                  onAt(index >= times.length ? null : (times[index] ?? null));
                }}
                data-testid="as-it-was-slider"
              />
              <p className="as-it-was__stop" aria-hidden="true">
                {stopLabel}
              </p>
            </div>
          ) : null}
        </div>
      </section>
      {at ? <PastState def={def} item={item} at={at} onAt={onAt} /> : null}
    </>
  );
}
