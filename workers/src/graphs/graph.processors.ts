import { ObjectId } from 'mongodb';
import { processorOf, type ProcessorEntry } from '../registry.js';

/**
 * Builds of dependency graphs and their schedules' ticks. A build's job may
 * run again (a worker that died, an error with attempts left): it walks
 * again from the roots and replaces what it wrote. The last attempt records
 * the error on the build instead of throwing.
 */
export const graphProcessors: ProcessorEntry[] = [
  processorOf('graphs', 'graphBuild', async (job, { services }) => {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const build = await services.graphs.execute(new ObjectId(job.data.buildId), final);
    return { status: build?.status ?? 'GONE' };
  }),
  processorOf('graphs', 'graphTick', async (job, { services }) => ({ built: await services.graphs.tick(String(job.id), job.data.graphId) })),
];
