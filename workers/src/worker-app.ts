import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { MongoClient } from 'mongodb';
import { connectInfrastructure } from '../../server/src/app.js';
import type { Config } from '../../server/src/config/env.js';
import { closeRedis } from '../../server/src/infra/redis.js';
import { QUEUE_NAMES, type JobName, type QueueName } from '../../server/src/jobs/contract.js';
import type { Logger } from '../../server/src/logger.js';
import { publishStatus } from '../../server/src/modules/status/status.monitor.js';
import { workerBeatEveryMs } from '../../server/src/modules/status/status.service.js';
import { createServices } from '../../server/src/services.js';
import { discoveryProcessors } from './discovery/discovery.processors.js';
import { scheduleProcessors } from './schedules/schedule.processors.js';
import { mailProcessors } from './mail/mail.processors.js';
import { repairHistoryProcessors } from './maintenance/repair-history.processor.js';
import { reportProcessors } from './reports/report.processors.js';
import { graphProcessors } from './graphs/graph.processors.js';
import { buildRegistry, type Processor, type ProcessorEntry } from './registry.js';

/** How long a job holds its slot before running under the `hold-jobs` test fault. */
const HELD_JOB_MS = 60_000;

export interface WorkerApp {
  name: string;
  /** The process's MongoDB client, for command monitoring (metrics, tests that count what a job writes). */
  mongo: MongoClient;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every processor of the worker process. Each (queue, job) of the contract appears once. */
export function allProcessors(): ProcessorEntry[] {
  return [...repairHistoryProcessors, ...mailProcessors, ...discoveryProcessors, ...scheduleProcessors, ...reportProcessors, ...graphProcessors];
}

/**
 * The worker process: one BullMQ Worker per queue, dispatching by job name to
 * the registered processor, and a heartbeat per queue in Redis on a timer of
 * its own, so its queues show up however busy they are. On start it declares
 * the job schedulers and announces a fresh status on the event bus, so
 * dashboards see its queues come up without waiting for the monitor.
 */
export async function createWorkerApp(config: Config, logger: Logger): Promise<WorkerApp> {
  const name = `worker:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const registry = buildRegistry(allProcessors());
  const infra = await connectInfrastructure(config);
  const workers: Worker[] = [];
  /** Each Worker's own connection: BullMQ leaves a connection it was given open, so stop closes them. */
  const connections: Redis[] = [];
  const queues: readonly QueueName[] = QUEUE_NAMES;
  let heartbeat: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;
  let lastBeatFailed = false;

  // The same services as the API: one place for each rule.
  const { services, mailer } = await createServices(config, infra, logger, name);

  const beat = async () => {
    try {
      await services.status.workerHeartbeat(name, queues);
      if (lastBeatFailed) logger.info('heartbeat recorded again');
      lastBeatFailed = false;
    } catch (error) {
      if (!lastBeatFailed) logger.warn({ err: error }, 'could not record the heartbeat');
      lastBeatFailed = true;
    }
  };

  return {
    name,
    mongo: infra.mongo.client,
    async start() {
      for (const queue of queues) {
        const processors = registry.get(queue) ?? new Map<JobName, Processor<JobName>>();
        const connection = infra.redis.duplicate();
        connections.push(connection);
        const worker = new Worker(
          queue,
          async (job) => {
            const processor = processors.get(job.name as JobName);
            if (!processor) throw new Error(`no processor for job ${job.name} on queue ${queue}`);
            if (config.faults.has('hold-jobs')) await delay(HELD_JOB_MS);
            // Its name is one of the contract's: it found a processor.
            return processor(job as Parameters<Processor<JobName>>[0], { queue, worker: name, config, services, logger: logger.child({ queue, job: job.name, jobId: job.id }) });
          },
          {
            connection,
            prefix: `${config.redisPrefix}:bull`,
            concurrency: config.workerConcurrency,
            // A job whose worker died (its lock not renewed) goes back to waiting, and counts an attempt.
            lockDuration: config.jobLockMs,
            stalledInterval: config.jobLockMs,
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
      // Liveness on a timer of its own, never waiting for a free job slot.
      await beat();
      heartbeat = setInterval(() => {
        beating = beat();
      }, workerBeatEveryMs(config.statusTimeoutMs));
      await infra.queues.schedule('repair-history', config.historyRepairIntervalMs, {});
      // Report runs past their retention go, hourly.
      await infra.queues.schedule('prune-report-runs', 3_600_000, {});
      // Discovery's schedules as the connections say (a change whose scheduler a crash left behind is made good here).
      await services.discoverySchedules.syncAll(await services.connections.all()).catch((error: unknown) => logger.warn({ err: error }, 'could not bring the discovery schedules up to date'));
      await services.schedules.syncAll().catch((error: unknown) => logger.warn({ err: error }, 'could not bring the HTTP schedules up to date'));
      await services.reports.syncAll().catch((error: unknown) => logger.warn({ err: error }, 'could not bring the report schedules up to date'));
      await services.graphs.syncAll().catch((error: unknown) => logger.warn({ err: error }, 'could not bring the graph schedules up to date'));
      // After a key rotation, secrets sealed with an older key are sealed again with the current one.
      await services.schedules.resealStale().catch((error: unknown) => logger.warn({ err: error }, 'could not seal schedule headers again'));
      await services.connections.resealStale().catch((error: unknown) => logger.warn({ err: error }, 'could not seal stored secrets again'));
      logger.info({ name, queues }, 'worker started');
      const report = await services.status.check();
      await publishStatus(infra.redis, config.redisPrefix, infra.events, report);
    },
    async stop() {
      logger.info('shutting down: letting running jobs finish');
      // It takes no new job from now on: its queues are no longer served by it.
      clearInterval(heartbeat);
      await beating;
      await services.status.workerLeave(name, queues).catch((error: unknown) => logger.warn({ err: error }, 'could not remove the heartbeat'));
      // close() waits for active jobs to complete before resolving.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(connections.map((c) => closeRedis(c)));
      mailer.close();
      await infra.close();
      logger.info('stopped');
    },
  };
}
