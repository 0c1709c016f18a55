import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import type { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import type { Config } from './config/env.js';
import { createRedisEventBus, type EventBus } from './events/pubsub.js';
import type { GraphQLContext, Services } from './graphql/context.js';
import { formatError } from './graphql/errors.js';
import { buildAppSchema } from './graphql/schema.js';
import { connectMongo, pingMongo, type Mongo } from './infra/mongo.js';
import { closeRedis, createRedis, pingRedis } from './infra/redis.js';
import { createQueueSet, type QueueSet } from './jobs/queues.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics/metrics.js';
import { StatusMonitor } from './modules/status/status.monitor.js';
import { StatusService } from './modules/status/status.service.js';

export interface App {
  /** `api:<host>:<pid>:<short id>`: how this process names itself in status and logs. */
  name: string;
  httpServer: Server;
  logger: Logger;
  listen(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

export interface Infrastructure {
  mongo: Mongo;
  redis: Redis;
  publisher: Redis;
  subscriber: Redis;
  queues: QueueSet;
  events: EventBus;
  close(): Promise<void>;
}

/** Connects to MongoDB and Redis and builds the queues and the event bus. */
export async function connectInfrastructure(config: Config): Promise<Infrastructure> {
  const mongo = await connectMongo(config.mongoUrl);
  const redis = createRedis(config.redisUrl);
  const publisher = createRedis(config.redisUrl);
  const subscriber = createRedis(config.redisUrl);
  const queues = createQueueSet(redis, config.redisPrefix);
  const events = createRedisEventBus(publisher, subscriber, config.redisPrefix);
  return {
    mongo,
    redis,
    publisher,
    subscriber,
    queues,
    events,
    async close() {
      await queues.close();
      await Promise.all([closeRedis(subscriber), closeRedis(publisher), closeRedis(redis)]);
      await mongo.close();
    },
  };
}

function webDistDir(config: Config): string {
  return resolve(config.webDist ?? join(process.cwd(), 'web', 'dist'));
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Builds the API process: HTTP routes, GraphQL over HTTP and WebSocket, status monitor. */
export async function createApp(config: Config, logger = createLogger(config.logLevel, 'maestro-api')): Promise<App> {
  const name = `api:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const infra = await connectInfrastructure(config);
  const statusService = new StatusService({
    db: infra.mongo.db,
    redis: infra.redis,
    queues: infra.queues,
    prefix: config.redisPrefix,
    self: name,
    timeoutMs: config.statusTimeoutMs,
    heartbeatTtlMs: config.statusIntervalMs * 3,
  });
  const services: Services = { status: statusService };
  const monitor = new StatusMonitor({
    service: statusService,
    events: infra.events,
    redis: infra.redis,
    prefix: config.redisPrefix,
    self: name,
    intervalMs: config.statusIntervalMs,
    logger,
  });
  const metrics = createMetrics(infra.queues);
  const schema = await buildAppSchema(infra.events);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const httpServer = createServer(app);
  let shuttingDown = false;

  const makeContext = (): GraphQLContext => {
    const requestId = randomUUID();
    return { requestId, logger: logger.child({ requestId }), services };
  };

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer(
    {
      schema,
      context: () => makeContext(),
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) logger.warn({ err: error }, 'subscription error');
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, logger, (code) => metrics.errors.inc({ code })),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      metrics.apolloPlugin,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(metrics.httpMiddleware);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, name });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([
      withDeadline(pingMongo(infra.mongo.db), config.statusTimeoutMs),
      withDeadline(pingRedis(infra.redis), config.statusTimeoutMs),
    ]);
    const [mongodb, redis] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unreachable'));
    const ok = !shuttingDown && checks.every((c) => c.status === 'fulfilled');
    res.status(ok ? 200 : 503).json({ ok, mongodb, redis, shuttingDown });
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async () => makeContext() }),
  );

  const dist = webDistDir(config);
  if (existsSync(join(dist, 'index.html'))) {
    app.get('/playground', (_req, res) => {
      res.sendFile(join(dist, 'playground.html'));
    });
    app.use(express.static(dist, { index: 'index.html', maxAge: '1h', setHeaders: noCacheHtml }));
    // The dashboard routes on the client: any other GET that wants HTML gets the shell.
    app.get(/.*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.set('Cache-Control', 'no-cache');
      res.sendFile(join(dist, 'index.html'));
    });
  } else {
    logger.warn({ dist }, 'dashboard not built: run `npm run build` to serve it at /');
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  return {
    name,
    httpServer,
    logger,
    listen: () =>
      new Promise((resolveListen, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          monitor.start();
          logger.info({ port, host: config.host, name }, 'API listening');
          resolveListen({ url: `http://${config.host}:${port}`, port });
        });
      }),
    async stop() {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.info('shutting down: finishing in-flight requests');
      await monitor.stop();
      // Drains HTTP (in-flight requests finish, idle sockets close) and ends subscriptions.
      await apollo.stop();
      wsServer.close();
      await infra.close();
      logger.info('stopped');
    },
  };
}

function noCacheHtml(res: express.Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
