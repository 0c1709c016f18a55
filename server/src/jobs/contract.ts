/**
 * The contract between the API (producer) and the workers (processors):
 * queue names, job names, payload and result types. Both sides import it;
 * nothing else names a queue or a job.
 */

export const QUEUE_NAMES = ['discovery', 'reports', 'graphs', 'maintenance', 'mail'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface PingPayload {
  /** Who asked: the process that runs the status check. */
  requestedBy: string;
  /** Epoch milliseconds; a ping older than the status timeout is answered without work. */
  requestedAt: number;
}

export interface PingResult {
  worker: string;
  queue: QueueName;
  stale: boolean;
}

/** A password reset someone asked for: the worker looks the address up, and e-mails a link if it has an account. */
export interface PasswordResetMailPayload {
  /** Random, made by the API: the id of the reset and of its link, so a job run twice sends the same link. */
  requestId: string;
  /** As typed, lower-cased. */
  email: string;
  /** Epoch milliseconds: the link expires an hour after the request, however long the e-mail waited. */
  requestedAt: number;
}

/** An invitation to a team, e-mailed to the address it was made for. */
export interface TeamInvitationMailPayload {
  invitationId: string;
}

/** What a mail job did: `sent` false when there was nothing to send (unknown address, invitation withdrawn). */
export interface MailResult {
  sent: boolean;
}

/** Every job: its payload and the result its processor returns. */
export interface JobMap {
  ping: { payload: PingPayload; result: PingResult };
  passwordResetMail: { payload: PasswordResetMailPayload; result: MailResult };
  teamInvitationMail: { payload: TeamInvitationMailPayload; result: MailResult };
}

export type JobName = keyof JobMap;
export type JobPayload<N extends JobName> = JobMap[N]['payload'];
export type JobResult<N extends JobName> = JobMap[N]['result'];

/** Which jobs each queue carries. Each (queue, job) pair needs exactly one processor. */
export const QUEUE_JOBS: Readonly<Record<QueueName, readonly JobName[]>> = {
  discovery: ['ping'],
  reports: ['ping'],
  graphs: ['ping'],
  maintenance: ['ping'],
  mail: ['ping', 'passwordResetMail', 'teamInvitationMail'],
};

/** The jobs of the mail queue: every e-mail Maestro sends is one. */
export type MailJobName = 'passwordResetMail' | 'teamInvitationMail';

/**
 * How mail jobs are delivered: an SMTP server that is down is tried again
 * with exponential back-off (1 s, 2 s, 4 s … about 70 minutes in all); a
 * delivered job leaves nothing behind (its payload holds an address), a
 * failed one stays for a week for inspection.
 */
export const MAIL_DELIVERY = {
  attempts: 13,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export function componentNameOfQueue(queue: QueueName): string {
  return `queue:${queue}`;
}
