import { processorOf, type Processor, type ProcessorEntry } from '../registry.js';

/** A run of an HTTP schedule (a tick, a "run now", a follow-up), under its job's id: a job run again calls nothing twice. */
const scheduleTick: Processor<'scheduleTick'> = async (job, { services }) => {
  const run = await services.schedules.tick(String(job.id), job.data);
  return { status: run?.status ?? null };
};

export const scheduleProcessors: ProcessorEntry[] = [processorOf('maintenance', 'scheduleTick', scheduleTick)];
