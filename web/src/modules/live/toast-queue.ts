import type { NodeRefFragment, NotificationKind } from '../../gql/graphql.ts';

/** What a toast is about: a notification's kind, or a schedule's failed run heard live. */
export type ToastKind = NotificationKind | 'SCHEDULE_FAILED';

/** A notification on screen. */
export interface Toast {
  id: string;
  kind: ToastKind;
  message: string;
  at: string;
  /** What it is about, when the reader can see it now. */
  entity: NodeRefFragment | null;
  /** A page to open from it, when it is about something other than an item. */
  link?: { to: string; label: string };
}

/** More than this at once and the oldest ones go. */
export const MAX_TOASTS = 4;

export const NOTIFICATION_TITLES: Readonly<Record<ToastKind, string>> = {
  ACCESS_GRANTED: 'Access granted',
  ACCESS_REVOKED: 'Access removed',
  TEAM_INVITATION: 'Invitation to a team',
  JOB_PROGRESS: 'Job progress',
  JOB_RESULT: 'Job finished',
  SCHEDULE_FAILED: 'Schedule failed',
};

/** The stack with `toast` at the bottom (newest last), each notification once, at most MAX_TOASTS. */
export function pushToast(toasts: readonly Toast[], toast: Toast): Toast[] {
  if (toasts.some((shown) => shown.id === toast.id)) return [...toasts];
  return [...toasts, toast].slice(-MAX_TOASTS);
}

export function dismissToast(toasts: readonly Toast[], id: string): Toast[] {
  return toasts.filter((toast) => toast.id !== id);
}
