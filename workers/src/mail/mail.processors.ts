import { processorOf, type ProcessorEntry } from '../registry.js';

/**
 * Every e-mail Maestro sends: the services compose and send it, here on the
 * worker, so that a request never waits for (nor learns from) the mail
 * server. A job whose sending fails is retried with back-off (MAIL_DELIVERY).
 */
export const mailProcessors: ProcessorEntry[] = [
  processorOf('mail', 'passwordResetMail', (job, { services }) => services.identity.sendPasswordReset(job.data)),
  processorOf('mail', 'teamInvitationMail', (job, { services }) => services.invitations.sendInvitation(job.data)),
];
