import type { JobResult } from '../../../server/src/jobs/contract.js';
import { QUEUE_NAMES } from '../../../server/src/jobs/contract.js';
import { processorOf, type Processor, type ProcessorEntry } from '../registry.js';

/**
 * Answers the status check's ping on every queue. A ping that waited longer
 * than the status timeout (its asker has given up) is answered without work,
 * so a backlog built while no worker ran drains at once.
 */
export function pingProcessors(workerName: string, timeoutMs: number): ProcessorEntry[] {
  const ping: Processor<'ping'> = async (job, queue): Promise<JobResult<'ping'>> => {
    const stale = Date.now() - job.data.requestedAt > timeoutMs;
    return { worker: workerName, queue, stale };
  };
  return QUEUE_NAMES.map((queue) => processorOf(queue, 'ping', ping));
}
