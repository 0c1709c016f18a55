import { MAIL_DELIVERY, type JobPayload, type MailJobName } from './contract.js';
import type { QueueSet } from './queues.js';

/** Where the API puts the e-mails it means to send: the worker sends them, with retries. */
export interface MailOutbox {
  /** Queues one e-mail job; `key` names it, so the same key queues it once. */
  post<N extends MailJobName>(name: N, payload: JobPayload<N>, key: string): Promise<void>;
}

export function createMailOutbox(queues: QueueSet): MailOutbox {
  return {
    async post(name, payload, key) {
      await queues.enqueue('mail', name, payload, { ...MAIL_DELIVERY, jobId: `${name}-${key}` });
    },
  };
}
