import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
import type { MongoClient } from 'mongodb';
import type { EventBus } from '../events/pubsub.js';
import type { QueueSet } from '../jobs/queues.js';
import { QUEUE_NAMES } from '../jobs/contract.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const;

export interface Metrics {
  registry: Registry;
  errors: Counter<'code'>;
  apolloPlugin: ApolloServerPlugin;
  httpMiddleware: RequestHandler;
}

/** Prometheus metrics of one API process, served at GET /metrics. */
export function createMetrics(queues: QueueSet, events: EventBus): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'maestro_' });

  const operations = new Histogram({
    name: 'maestro_graphql_operation_duration_seconds',
    help: 'GraphQL operations by name, type and outcome, with their latency.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'maestro_graphql_errors_total',
    help: 'GraphQL errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const http = new Histogram({
    name: 'maestro_http_request_duration_seconds',
    help: 'HTTP requests by route and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'maestro_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        QUEUE_NAMES.map(async (queue) => {
          const counts = await queues.queues[queue].getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    },
  });

  new Gauge({
    name: 'maestro_event_listeners',
    help: 'Listeners of live events attached in this process, by topic: one per open subscription, plus internal caches.',
    labelNames: ['topic'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [topic, count] of events.listenerCounts()) this.set({ topic }, count);
    },
  });

  const apolloPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = operations.startTimer();
      return {
        async willSendResponse(ctx) {
          const operation = ctx.operationName ?? ctx.operation?.name?.value ?? 'anonymous';
          const type = ctx.operation?.operation ?? 'unknown';
          const outcome = ctx.errors && ctx.errors.length > 0 ? 'error' : 'ok';
          end({ operation, type, outcome });
        },
      };
    },
  };

  const known = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/playground']);
  const httpMiddleware: RequestHandler = (req, res, next) => {
    const end = http.startTimer();
    res.on('finish', () => {
      const route = known.has(req.path) ? req.path : req.path.startsWith('/assets/') ? '/assets' : '/app';
      end({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };

  return { registry, errors, apolloPlugin, httpMiddleware };
}

/** MongoDB commands issued by this process and the time spent inside them. */
export function instrumentMongo(client: MongoClient, registry: Registry): void {
  const commands = new Histogram({
    name: 'maestro_mongodb_command_duration_seconds',
    help: 'MongoDB commands issued, by command name and outcome, with the time each took.',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Commands overlap (a page and its count run together): wall-clock time with
  // at least one command in flight is what a request waits on MongoDB.
  const busy = new Counter({
    name: 'maestro_mongodb_busy_seconds_total',
    help: 'Wall-clock time during which at least one MongoDB command was in flight.',
    registers: [registry],
  });
  const returned = new Counter({
    name: 'maestro_mongodb_documents_returned_total',
    help: 'Documents MongoDB returned to this process in query results (find, aggregate, getMore), by collection.',
    labelNames: ['collection'] as const,
    registers: [registry],
  });
  let inFlight = 0;
  let busySince = 0;
  const finished = () => {
    inFlight = Math.max(inFlight - 1, 0);
    if (inFlight === 0) busy.inc((performance.now() - busySince) / 1000);
  };
  client.on('commandStarted', () => {
    if (inFlight === 0) busySince = performance.now();
    inFlight += 1;
  });
  client.on('commandSucceeded', (event) => {
    commands.observe({ command: event.commandName, outcome: 'ok' }, event.duration / 1000);
    const cursor = (event.reply as { cursor?: { ns?: unknown; firstBatch?: unknown; nextBatch?: unknown } } | undefined)?.cursor;
    const batch = cursor?.firstBatch ?? cursor?.nextBatch;
    if (Array.isArray(batch) && typeof cursor?.ns === 'string') returned.inc({ collection: cursor.ns.slice(cursor.ns.indexOf('.') + 1) }, batch.length);
    finished();
  });
  client.on('commandFailed', (event) => {
    commands.observe({ command: event.commandName, outcome: 'error' }, event.duration / 1000);
    finished();
  });
}
