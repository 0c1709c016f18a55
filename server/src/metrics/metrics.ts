import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
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
export function createMetrics(queues: QueueSet): Metrics {
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
