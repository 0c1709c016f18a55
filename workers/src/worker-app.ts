import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { connectInfrastructure } from '../../server/src/app.js';
import type { Config } from '../../server/src/config/env.js';
import type { JobName } from '../../server/src/jobs/contract.js';
import type { Logger } from '../../server/src/logger.js';
import { publishStatus } from '../../server/src/modules/status/status.monitor.js';
import { createServices } from '../../server/src/services.js';
import { pingProcessors } from './maintenance/ping.processor.js';
import { repairHistoryProcessors } from './maintenance/repair-history.processor.js';
import { buildRegistry, type Processor, type ProcessorEntry } from './registry.js';

export interface WorkerApp {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every processor of the worker process. Each (queue, job) of the contract appears once. */
export function allProcessors(): ProcessorEntry[] {
  return [...pingProcessors, ...repairHistoryProcessors];
}

/**
 * The worker process: one BullMQ Worker per queue, dispatching by job name to
 * the registered processor. On start it declares the job schedulers and
 * announces a fresh status on the event bus, so dashboards see its queues
 * come up without waiting for the monitor.
 */
export async function createWorkerApp(config: Config, logger: Logger): Promise<WorkerApp> {
  const name = `worker:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const registry = buildRegistry(allProcessors());
  const infra = await connectInfrastructure(config);
  const workers: Worker[] = [];

  // The same services as the API: one place for each rule.
  const { services, mailer } = await createServices(config, infra, logger, name);

  return {
    name,
    async start() {
      for (const [queue, processors] of registry) {
        const worker = new Worker(
          queue,
          async (job) => {
            const processor = processors.get(job.name as JobName);
            if (!processor) throw new Error(`no processor for job ${job.name} on queue ${queue}`);
            // Its name is one of the contract's: it found a processor.
            return processor(job as Parameters<Processor<JobName>>[0], { queue, worker: name, config, services, logger: logger.child({ queue, job: job.name, jobId: job.id }) });
          },
          {
            connection: infra.redis.duplicate(),
            prefix: `${config.redisPrefix}:bull`,
            concurrency: config.workerConcurrency,
            name,
          },
        );
        worker.on('failed', (job, error) => logger.warn({ queue, job: job?.name, jobId: job?.id, err: error }, 'job failed'));
        worker.on('error', (error) => logger.error({ queue, err: error }, 'worker error'));
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      await infra.queues.schedule('repair-history', config.historyRepairIntervalMs, {});
      logger.info({ name, queues: [...registry.keys()] }, 'worker started');
      const report = await services.status.check();
      await publishStatus(infra.redis, config.redisPrefix, infra.events, report);
    },
    async stop() {
      logger.info('shutting down: letting running jobs finish');
      // close() waits for active jobs to complete before resolving.
      await Promise.all(workers.map((w) => w.close()));
      mailer.close();
      await infra.close();
      logger.info('stopped');
    },
  };
}
