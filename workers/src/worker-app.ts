import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { connectInfrastructure } from '../../server/src/app.js';
import type { Config } from '../../server/src/config/env.js';
import type { Logger } from '../../server/src/logger.js';
import { publishStatus } from '../../server/src/modules/status/status.monitor.js';
import { createServices } from '../../server/src/services.js';
import type { Services } from '../../server/src/graphql/context.js';
import { mailProcessors } from './mail/mail.processors.js';
import { pingProcessors } from './maintenance/ping.processor.js';
import { buildRegistry, type ProcessorEntry } from './registry.js';

export interface WorkerApp {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every processor of the worker process. Each (queue, job) of the contract
 * appears once. `services` is called when a job runs, once they are built.
 */
export function allProcessors(workerName: string, config: Config, services: () => Services): ProcessorEntry[] {
  return [...pingProcessors(workerName, config.statusTimeoutMs), ...mailProcessors(services)];
}

/**
 * The worker process: one BullMQ Worker per queue, dispatching by job name to
 * the registered processor. On start it announces a fresh status on the event
 * bus, so dashboards see its queues come up without waiting for the monitor.
 */
export async function createWorkerApp(config: Config, logger: Logger): Promise<WorkerApp> {
  const name = `worker:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Checked before anything connects; jobs reach the services once they are built.
  const built: { services?: Services } = {};
  const registry = buildRegistry(
    allProcessors(name, config, () => {
      if (!built.services) throw new Error('a job ran before the services were built');
      return built.services;
    }),
  );
  const infra = await connectInfrastructure(config);
  const workers: Worker[] = [];

  // The same services as the API: one place for each rule.
  const { services, mailer } = await createServices(config, infra, logger, name);
  built.services = services;

  return {
    name,
    async start() {
      for (const [queue, processors] of registry) {
        const worker = new Worker(
          queue,
          async (job) => {
            const processor = processors.get(job.name as never);
            if (!processor) throw new Error(`no processor for job ${job.name} on queue ${queue}`);
            return processor(job as never, queue);
          },
          {
            connection: infra.redis.duplicate(),
            prefix: `${config.redisPrefix}:bull`,
            concurrency: config.workerConcurrency,
            name,
          },
        );
        // Payloads are not logged: they may hold addresses. A job with attempts left is retried with back-off.
        worker.on('failed', (job, error) => {
          const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
          const entry = { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error };
          if (final) logger.error(entry, 'job failed for good');
          else logger.warn(entry, 'job failed; it will be retried');
        });
        worker.on('error', (error) => logger.error({ queue, err: error }, 'worker error'));
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
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
