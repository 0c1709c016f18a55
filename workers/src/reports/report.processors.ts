import { ObjectId } from 'mongodb';
import { processorOf, type ProcessorEntry } from '../registry.js';

/**
 * Report runs, their schedules' ticks and the sweep of old runs. A run's
 * job may run again (a worker that died, an error with attempts left): the
 * run starts over and writes its pages in place. The last attempt records
 * the error on the run instead of throwing.
 */
export const reportProcessors: ProcessorEntry[] = [
  processorOf('reports', 'reportRun', async (job, { services }) => {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const run = await services.reports.execute(new ObjectId(job.data.runId), final);
    return { status: run?.status ?? 'GONE' };
  }),
  processorOf('reports', 'reportTick', async (job, { services }) => ({ runs: await services.reports.tick(String(job.id), job.data) })),
  processorOf('mail', 'reportMail', (job, { services }) => services.reports.sendRunMail(job.data.runId)),
  processorOf('maintenance', 'prune-report-runs', async (_job, { services }) => ({ deleted: await services.reports.prune() })),
];
