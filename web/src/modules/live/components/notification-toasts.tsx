import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useClient } from 'urql';
import { ConnectionDocument, DiscoveryRunsChangedDocument, NotificationsDocument, ScheduleNameDocument, ScheduleRunsChangedDocument } from '../../../gql/graphql.ts';
import { runPath } from '../../discovery/connection-paths.ts';
import { scheduledFailureMessage } from '../../discovery/run-progress.ts';
import { inventoryType, itemPath } from '../../inventory/inventory-types.ts';
import { nodeLabel } from '../../inventory/item-values.ts';
import { schedulePath } from '../../schedules/schedule-paths.ts';
import { failureMessage } from '../../schedules/schedule-runs.ts';
import { NOTIFICATION_TITLES, dismissToast, pushToast, type Toast } from '../toast-queue.ts';

/** How long a toast stays, unless the pointer or the focus is on it. */
const SHOWN_MS = 15_000;

function ToastView({ toast, onDismiss: dismissById }: { toast: Toast; onDismiss(id: string): void }) {
  const onDismiss = useCallback(() => dismissById(toast.id), [dismissById, toast.id]);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(onDismiss, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [paused, onDismiss]);

  const def = toast.entity ? inventoryType(toast.entity.__typename) : undefined;
  return (
    <div
      className={`toast toast--${toast.kind.toLowerCase().replace('_', '-')}`}
      data-testid="toast"
      data-kind={toast.kind}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false);
      }}
    >
      <div className="toast__body">
        <p className="toast__title">{NOTIFICATION_TITLES[toast.kind]}</p>
        <p className="toast__message" data-testid="toast-message">
          {toast.message}
        </p>
        {toast.entity && def ? (
          <Link className="toast__link" to={itemPath(def, toast.entity.id)} onClick={onDismiss} data-testid="toast-link">
            Open {def.label.toLowerCase()} {nodeLabel(toast.entity)}
          </Link>
        ) : null}
        {toast.link ? (
          <Link className="toast__link" to={toast.link.to} onClick={onDismiss} data-testid="toast-link">
            {toast.link.label}
          </Link>
        ) : null}
        {toast.kind === 'TEAM_INVITATION' ? (
          <Link className="toast__link" to="/invitations" onClick={onDismiss} data-testid="toast-link">
            See your invitations
          </Link>
        ) : null}
      </div>
      <button type="button" className="toast__close" onClick={onDismiss} aria-label={`Dismiss: ${toast.message}`} data-testid="toast-dismiss">
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/**
 * Messages for the signed-in user (access given or taken, job results) as
 * toasts in a corner: stacked, newest at the bottom, each dismissable, and
 * announced politely to screen readers.
 */
export function NotificationToasts() {
  const client = useClient();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: string) => setToasts((shown) => dismissToast(shown, id)), []);

  useEffect(() => {
    const subscription = client.subscription(NotificationsDocument, {}).subscribe((result) => {
      const notification = result.data?.notifications;
      if (!notification) return;
      setToasts((shown) =>
        pushToast(shown, {
          id: notification.id,
          kind: notification.kind,
          message: notification.message,
          at: notification.at,
          entity: notification.entity ?? null,
        }),
      );
    });
    return () => subscription.unsubscribe();
  }, [client]);

  // Runs of every schedule the reader can see: a failed one raises a toast, naming its schedule.
  useEffect(() => {
    let open = true;
    const subscription = client.subscription(ScheduleRunsChangedDocument, {}).subscribe((result) => {
      const run = result.data?.scheduleRunChanged;
      if (!run || run.status !== 'FAILED') return;
      void client
        .query(ScheduleNameDocument, { id: run.scheduleId }, { requestPolicy: 'cache-first' })
        .toPromise()
        .then((answer) => {
          const message = failureMessage(answer.data?.schedule?.name ?? 'a schedule', run);
          if (!open || !message) return;
          setToasts((shown) =>
            pushToast(shown, {
              id: `schedule-run:${run.id}`,
              kind: 'SCHEDULE_FAILED',
              message,
              at: run.finishedAt ?? run.startedAt,
              entity: null,
              link: { to: schedulePath(run.scheduleId), label: 'Open the schedule' },
            }),
          );
        });
    });
    return () => {
      open = false;
      subscription.unsubscribe();
    };
  }, [client]);

  // Scheduled discovery that ended badly raises a toast too, naming its connection.
  useEffect(() => {
    let open = true;
    const subscription = client.subscription(DiscoveryRunsChangedDocument, {}).subscribe((result) => {
      const run = result.data?.discoveryRunChanged;
      if (!run || run.trigger !== 'SCHEDULE' || (run.status !== 'FAILED' && run.status !== 'PARTIAL')) return;
      void client
        .query(ConnectionDocument, { id: run.connectionId }, { requestPolicy: 'cache-first' })
        .toPromise()
        .then((answer) => {
          const message = scheduledFailureMessage(answer.data?.connection?.name ?? 'a connection', run);
          if (!open || !message) return;
          setToasts((shown) =>
            pushToast(shown, {
              id: `discovery-run:${run.id}`,
              kind: 'SCHEDULE_FAILED',
              message,
              at: run.finishedAt ?? run.createdAt,
              entity: null,
              link: { to: runPath(run.connectionId, run.id), label: 'Open the run' },
            }),
          );
        });
    });
    return () => {
      open = false;
      subscription.unsubscribe();
    };
  }, [client]);

  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications" data-testid="toasts">
      {toasts.map((toast) => (
        <ToastView key={toast.id} toast={toast} onDismiss={dismiss} />
      ))}
    </div>
  );
}
