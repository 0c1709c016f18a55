import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ActorViewFragment, ChangeViewFragment } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { runActivityPath } from '../activity-query.ts';
import { actorLabel, linkedRunId } from '../actors.ts';
import { OPERATION_LABELS, type DiffRow } from '../change-format.ts';
import { DiffRowView, type DiffContext } from './diff-row-view.tsx';

export interface ChangeEntryProps {
  change: ChangeViewFragment;
  rows: readonly DiffRow[];
  context: Omit<DiffContext, 'created'>;
  meId: string | null;
  /** What changed, when the list spans several items. */
  subject?: ReactNode;
  /** Buttons about this change ("As it was then"). */
  actions?: ReactNode;
  /** Fold a creation's fields away (in lists of many items, where they would take the page). */
  foldCreation?: boolean;
}

/** Who made a change: an import links to everything it changed. */
export function ActorName({ actor, meId }: { actor: ActorViewFragment; meId: string | null }) {
  const label = actorLabel(actor, meId);
  const runId = linkedRunId(actor);
  return (
    <span className="change__actor" data-testid="change-actor" data-kind={actor.kind}>
      {runId ? (
        <Link to={runActivityPath(runId)} title={`Everything ${label} changed`} data-testid="actor-run-link">
          {label}
        </Link>
      ) : (
        label
      )}
    </span>
  );
}

/** One change: what was done, to what, by whom and when, then field by field. */
export function ChangeEntry({ change, rows, context, meId, subject, actions, foldCreation = false }: ChangeEntryProps) {
  const operation = change.operation;
  const diff =
    rows.length > 0 ? (
      <dl className="diff">
        {rows.map((row, index) => (
          <DiffRowView key={`${row.path}-${index}`} row={row} context={{ ...context, created: operation === 'CREATE' }} />
        ))}
      </dl>
    ) : null;
  return (
    <li className="change" data-testid="change" data-operation={operation} data-change-id={change.id}>
      <div className="change__head">
        <span className={`op-badge op-badge--${operation.toLowerCase()}`}>{OPERATION_LABELS[operation]}</span>
        {subject ? <span className="change__subject">{subject}</span> : null}
        <span className="change__by">
          by <ActorName actor={change.actor} meId={meId} />
        </span>
        <time className="change__time" dateTime={change.at} title={new Date(change.at).toISOString()}>
          {formatDateTime(change.at)}
        </time>
        {actions ? <span className="change__actions">{actions}</span> : null}
      </div>
      {diff && foldCreation && operation === 'CREATE' ? (
        <details className="change__fold">
          <summary>{rows.length === 1 ? 'The field it was created with' : `The ${rows.length} fields it was created with`}</summary>
          {diff}
        </details>
      ) : diff ? (
        diff
      ) : operation === 'UPDATE' ? (
        <p className="change__empty muted">No field changed.</p>
      ) : null}
    </li>
  );
}
