export const NOTIFICATION_KINDS = ['ACCESS_GRANTED', 'ACCESS_REVOKED', 'TEAM_INVITATION', 'JOB_PROGRESS', 'JOB_RESULT'] as const;
export type NotificationKindValue = (typeof NOTIFICATION_KINDS)[number];

/** A message for particular people: access granted to them, an invitation to a team, and (later) job progress and results. */
export interface NotificationEvent {
  id: string;
  kind: NotificationKindValue;
  /** ISO 8601. */
  at: string;
  message: string;
  /** Principal keys (`u:<id>`, `t:<id>`) of those it is for. */
  recipients: string[];
  entityType: string | null;
  /** Global id of the entity it is about. */
  entityId: string | null;
}
