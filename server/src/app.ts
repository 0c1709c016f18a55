import { createLimiter } from './infra/rate-limit.js';
import { GRAPH_BUILD_TYPE } from './modules/graphs/graph.model.js';
import { GRAPH_EXPORT_FORMATS, type GraphExportFormat } from './modules/graphs/graph.service.js';
import { sharedGraphPage } from './modules/graphs/graph-share-page.js';
import { fileBase } from './modules/reports/export/index.js';
import { EXPORT_FORMATS, type ExportFormat } from './modules/reports/export/index.js';
import { REPORT_RUN_TYPE, REPORT_TYPE, type ReportRunDoc } from './modules/reports/report.model.js';
import { idOfType } from './shared/ids.js';
import type { Scope } from './modules/access/scope.js';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { execute, GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, subscribe, validate, type ExecutionArgs, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import type { Config } from './config/env.js';
import { createRedisEventBus, type EventBus } from './events/pubsub.js';
import { costError } from './graphql/complexity.js';
import { RequestContext, type GraphQLContext } from './graphql/context.js';
import { ConflictError, InputError, NotFoundError, formatError } from './graphql/errors.js';
import { clientErrorResponse, notFound, requestErrorHandler, requireJsonBody } from './graphql/http-errors.js';
import { graphqlHandler } from './graphql/express-handler.js';
import { jsonStatusPlugin } from './graphql/json-status.plugin.js';
import { typedQueryInput } from './graphql/typed-input.js';
import { streamExport } from './modules/inventory/transfer.js';
import { buildAppSchema } from './graphql/schema.js';
import { connectMongo, pingMongo, type Mongo } from './infra/mongo.js';
import { closeRedis, createRedis, pingRedis } from './infra/redis.js';
import { createQueueSet, type QueueSet } from './jobs/queues.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, instrumentMongo } from './metrics/metrics.js';
import { Auth, bearerToken } from './modules/identity/auth.context.js';
import { StatusMonitor } from './modules/status/status.monitor.js';
import { createServices } from './services.js';
import type { Services } from './graphql/context.js';

/** Longest operation, in lexical tokens, that the server parses. */
const MAX_TOKENS = 5000;

export interface App {
  /** `api:<host>:<pid>:<short id>`: how this process names itself in status and logs. */
  name: string;
  httpServer: Server;
  logger: Logger;
  /** The services requests reach: what in-process callers (the worker's sources, tests) write through. */
  services: Services;
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
  // A subscriber connection sends no handshake commands: ioredis 5 can write a
  // SUBSCRIBE in between them while connecting, and then refuses its own ready
  // check (INFO) in subscriber mode and reconnects, losing events meanwhile.
  const subscriber = createRedis(config.redisUrl, { enableReadyCheck: false, disableClientInfo: true });
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
  const { services, tokens, mailer, principals } = await createServices(config, infra, logger, name);
  // Every event channel is live before the first client can subscribe.
  await infra.events.listenAll();
  principals.start();
  // Redis pub/sub keeps nothing: once the subscriber is back (and subscribed
  // again: the PING answers after), invalidations it missed meanwhile are
  // made up for by forgetting everyone.
  infra.subscriber.on('ready', () => {
    void infra.subscriber.ping().then(() => principals.clear(), () => principals.clear());
  });
  const authDeps = { tokens, principals };
  const monitor = new StatusMonitor({
    service: services.status,
    events: infra.events,
    redis: infra.redis,
    prefix: config.redisPrefix,
    self: name,
    intervalMs: config.statusIntervalMs,
    leaseMs: config.statusLeaseMs,
    logger,
  });
  const metrics = createMetrics(infra.queues, infra.events);
  instrumentMongo(infra.mongo.client, metrics.registry);
  const schema = await buildAppSchema(infra.events);

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers POSTs and the dashboard's files carry their own: no body hashing for ETags on every response.
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);
  // Requests Node's parser refuses never reach Express: they get the same JSON error, and the reason goes to the log.
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    logger.info({ code: error.code }, 'malformed HTTP request refused');
    const response = clientErrorResponse(error, socket.writable);
    if (response) socket.end(response);
    else socket.destroy();
  });
  let shuttingDown = false;

  const makeContext = (token: string | null, workspace: string | null, address: string): GraphQLContext =>
    new RequestContext(logger, services, new Auth(authDeps, token, workspace, address));

  // Depth, cost, aliases, directives and tokens are limited for every operation;
  // field suggestions and introspection are off in production unless enabled.
  // The cost, in objects loaded with the page sizes of the variables, is
  // checked once the operation and its variables are known (costError).
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth },
    costLimit: { enabled: false },
    maxAliases: { n: 20 },
    maxDirectives: { n: 30 },
    // Token limits are graphql-js's own parse option (below), so syntax errors keep their code.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !config.introspection },
  }).protect();
  const wsRules: ValidationRule[] = [
    ...specifiedRules,
    ...armor.validationRules,
    ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];

  const costOf = (args: ExecutionArgs) =>
    costError({ schema, document: args.document, operationName: args.operationName, variables: args.variableValues as Record<string, unknown> | undefined }, config.maxCost);

  const formatWsError = (error: GraphQLError): GraphQLError => {
    const formatted = formatError(error.toJSON(), error, logger, (code) => metrics.errors.inc({ code }));
    return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
  };

  // Open connections by user, so that a logout or a password change closes them.
  const connections = new Map<string, Set<{ close: () => void; sessionVersion: number }>>();
  principals.onInvalidated((userIds) => {
    for (const userId of userIds) {
      for (const connection of connections.get(userId) ?? []) {
        void principals.session(userId, connection.sessionVersion).then((still) => {
          if (!still) connection.close();
        });
      }
    }
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.maxBodyBytes });
  // ws reports a message over maxPayload (or a malformed frame) as an 'error'
  // after closing the socket itself (1009, 1002); graphql-ws would print it on
  // the console. It is the client's fault: it goes to the log instead.
  wsServer.on('connection', (socket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event !== 'error') return emit(event, ...args);
      logger.info({ err: args[0] }, 'WebSocket message refused');
      return true;
    }) as typeof socket.emit;
  });
  const wsCleanup = useServer<Record<string, unknown> | undefined, { token: string | null; expiry?: NodeJS.Timeout }>(
    {
      schema,
      parse: (source) => parse(source, { maxTokens: MAX_TOKENS }),
      validate: (s, document) => validate(s, document, wsRules),
      // Authentication on connection_init, with the same token rules as HTTP.
      // A connection without a token may only use public subscriptions; a
      // garbled, forged, expired or revoked token (logout, password change,
      // user gone) is refused with 4403, never taken as anonymous.
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization;
        if (raw === undefined || raw === null || raw === '') {
          ctx.extra.token = null;
          return true;
        }
        const token = typeof raw === 'string' ? bearerToken(raw) : null;
        if (!token) return false;
        ctx.extra.token = token;
        const claims = await tokens.verifyAccess(token).catch(() => null);
        if (!claims) return false;
        // Watched before the session is checked, so that a logout meanwhile closes it too: refused (4403)
        // while connection_init is still being answered, ended (4401) once it was acknowledged.
        let acknowledged = false;
        const entry = {
          sessionVersion: claims.sessionVersion,
          close: () => (acknowledged ? ctx.extra.socket.close(CloseCode.Unauthorized, 'Session ended') : ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden')),
        };
        const mine = connections.get(claims.userId) ?? new Set();
        mine.add(entry);
        connections.set(claims.userId, mine);
        ctx.extra.socket.once('close', () => {
          mine.delete(entry);
          if (mine.size === 0) connections.delete(claims.userId);
        });
        try {
          if (!(await principals.session(claims.userId, claims.sessionVersion))) return false;
        } catch (error) {
          logger.error({ err: error }, 'could not check a WebSocket session');
          ctx.extra.socket.close(CloseCode.InternalServerError, 'Internal server error');
          return false;
        }
        // An expiring token ends the connection, and every subscription on it.
        const left = Math.max(claims.expiresAt.getTime() - Date.now(), 0);
        ctx.extra.expiry = setTimeout(() => ctx.extra.socket.close(CloseCode.Unauthorized, 'Token expired'), left);
        acknowledged = true;
        return true;
      },
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      execute: (args: ExecutionArgs) => {
        const tooCostly = costOf(args);
        return tooCostly ? { errors: [tooCostly] } : execute(args);
      },
      subscribe: (args: ExecutionArgs) => {
        const tooCostly = costOf(args);
        return tooCostly ? { errors: [tooCostly] } : subscribe(args);
      },
      context: (ctx) => {
        const workspace = ctx.connectionParams?.workspace;
        return makeContext(
          ctx.extra.token ?? null,
          typeof workspace === 'string' ? workspace : null,
          ctx.extra.request.socket.remoteAddress ?? 'unknown',
        );
      },
      // Errors on the socket are shaped like those over HTTP: codes, no internals.
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatWsError(error)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => formatWsError(error)) } : result,
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    // Compact JSON: Apollo pretty-prints by default.
    stringifyResult: (result) => JSON.stringify(result),
    validationRules: armor.validationRules,
    formatError: (formatted, error) => formatError(formatted, error, logger, (code) => metrics.errors.inc({ code })),
    plugins: [
      // graphql-armor's types come from Apollo's CommonJS build; the objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints: the plugin would only wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      metrics.apolloPlugin,
      jsonStatusPlugin,
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ request, document }) {
              const tooCostly = costError({ schema, document, operationName: request.operationName, variables: request.variables }, config.maxCost);
              if (tooCostly) throw tooCostly;
            },
          };
        },
      },
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
    express.json({ limit: config.maxBodyBytes }),
    requireJsonBody,
    graphqlHandler(apollo, async (req) =>
      makeContext(bearerToken(req.headers.authorization), req.get('x-maestro-workspace') ?? null, req.ip ?? 'unknown'),
    ),
  );

  // Export of any filtered list, streamed: GET /export/servers?format=csv&filter={...}&orderBy={...}
  app.get('/export/:plural', async (req, res) => {
    const auth = new Auth(authDeps, bearerToken(req.headers.authorization), req.get('x-maestro-workspace') ?? null, req.ip ?? 'unknown');
    const scope = await auth.scope();
    const def = services.inventory.definitions.find((d) => d.plural === req.params.plural);
    if (!def) throw new NotFoundError(`No inventory list is called ${req.params.plural}.`);
    const format = String(req.query.format ?? 'csv').toUpperCase();
    if (format !== 'CSV' && format !== 'JSON') throw new InputError('format must be csv or json.', [{ path: 'format', message: 'must be csv or json' }]);
    const filter = typedQueryInput(schema, `${def.type}Filter`, req.query.filter, 'filter');
    const orderBy = typedQueryInput(schema, `${def.type}OrderBy`, req.query.orderBy, 'orderBy');
    res.setHeader('Content-Type', format === 'CSV' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${def.plural}.${format.toLowerCase()}"`);
    // Errors, before or during the stream, go to the error handler below.
    await streamExport(services.inventory, scope, def, format, filter as never, orderBy as never, res);
    res.end();
  });

  // A report run's export, streamed: GET /reports/runs/<run id>/export?format=csv; the stable link
  // to your last good run of a report: GET /reports/<report id>/latest/export?format=csv.
  const exportRun = async (req: express.Request, res: express.Response, find: (scope: Scope) => Promise<ReportRunDoc | null>) => {
    const auth = new Auth(authDeps, bearerToken(req.headers.authorization), req.get('x-maestro-workspace') ?? null, req.ip ?? 'unknown');
    const scope = await auth.scope();
    const format = String(req.query.format ?? 'csv').toUpperCase().replaceAll('-', '_') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new InputError(`format must be one of ${EXPORT_FORMATS.join(', ').toLowerCase()}.`, [{ path: 'format', message: `must be one of ${EXPORT_FORMATS.join(', ').toLowerCase()}` }]);
    const run = await find(scope);
    if (!run) throw new NotFoundError('No such report run, or you cannot see it.');
    if (run.status !== 'SUCCEEDED') throw new ConflictError(`Only a finished run exports: this one is ${run.status}.`);
    res.setHeader('Content-Type', services.reports.contentType(format));
    res.setHeader('Content-Disposition', `attachment; filename="${services.reports.fileName(run, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    await services.reports.export(run, format, res);
    res.end();
  };
  app.get('/reports/runs/:runId/export', (req, res) => exportRun(req, res, (scope) => services.reports.findRun(scope, idOfType(String(req.params.runId), REPORT_RUN_TYPE, 'runId'))));
  app.get('/reports/:reportId/latest/export', (req, res) =>
    exportRun(req, res, async (scope) => {
      const report = await services.reports.load(scope, idOfType(String(req.params.reportId), REPORT_TYPE, 'reportId'));
      return services.reports.lastGoodRun(scope, report._id.toHexString());
    }),
  );

  // A graph build's picture or data: GET /graphs/builds/<build id>/export?format=svg|png|dot|json (bearer token).
  app.get('/graphs/builds/:buildId/export', async (req, res) => {
    const auth = new Auth(authDeps, bearerToken(req.headers.authorization), req.get('x-maestro-workspace') ?? null, req.ip ?? 'unknown');
    const scope = await auth.scope();
    const format = String(req.query.format ?? 'svg').toUpperCase() as GraphExportFormat;
    if (!GRAPH_EXPORT_FORMATS.includes(format)) throw new InputError(`format must be one of ${GRAPH_EXPORT_FORMATS.join(', ').toLowerCase()}.`, [{ path: 'format', message: `must be one of ${GRAPH_EXPORT_FORMATS.join(', ').toLowerCase()}` }]);
    const build = await services.graphs.findBuild(scope, idOfType(String(req.params.buildId), GRAPH_BUILD_TYPE, 'buildId'));
    if (!build) throw new NotFoundError('No such graph build, or you cannot see it.');
    const file = await services.graphs.exported(build, format);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${fileBase(build.name, 'graph')}.${file.extension}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.body);
  });

  // Share links: the page, the embeddable page and the picture, for anyone with the link, nothing else.
  // A bad, expired or revoked link, or one whose graph is gone, is 404 with no detail.
  // A public page: 120 opens a minute per address, whatever the link.
  const shareLimiter = createLimiter(infra.redis, config.redisPrefix, 'graph-share', 120, 60);
  const shared = async (req: express.Request, res: express.Response, kind: 'page' | 'embed' | 'svg' | 'png') => {
    await shareLimiter.consume(req.ip ?? 'unknown');
    const opened = await services.graphs.openShare(String(req.params.token));
    if (!opened) throw new NotFoundError('This link does not work: it may have expired or been revoked.');
    const svg = (await services.graphs.picture(opened.build)) ?? '';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (kind === 'svg' || kind === 'png') {
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader('Content-Type', kind === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png');
      res.send(kind === 'svg' ? svg : (await services.graphs.exported(opened.build, 'PNG')).body);
      return;
    }
    // No script may run, nothing may be loaded from elsewhere; only the embed variant may sit in another site's frame.
    res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors ${kind === 'embed' ? '*' : "'none'"}`);
    if (kind === 'page') res.setHeader('X-Frame-Options', 'DENY');
    res.type('html').send(sharedGraphPage(opened, svg, { embed: kind === 'embed' }));
  };
  app.get('/share/graphs/:token', (req, res) => shared(req, res, 'page'));
  app.get('/share/graphs/:token/embed', (req, res) => shared(req, res, 'embed'));
  app.get('/share/graphs/:token/picture.svg', (req, res) => shared(req, res, 'svg'));
  app.get('/share/graphs/:token/picture.png', (req, res) => shared(req, res, 'png'));

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
  app.use(notFound);
  app.use(requestErrorHandler(logger));

  return {
    name,
    httpServer,
    logger,
    services,
    listen: async () => {
      // Known to the other API processes before it answers anyone: an identity change waits for each live one to drop what it cached.
      await services.status.heartbeat(name).catch((error: unknown) => logger.warn({ err: error }, 'could not record the first heartbeat'));
      return new Promise((resolveListen, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          monitor.start();
          logger.info({ port, host: config.host, name }, 'API listening');
          resolveListen({ url: `http://${config.host}:${port}`, port });
        });
      });
    },
    async stop() {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.info('shutting down: finishing in-flight requests');
      await monitor.stop();
      // Drains HTTP (in-flight requests finish, idle sockets close) and ends subscriptions.
      await apollo.stop();
      wsServer.close();
      mailer.close();
      principals.stop();
      await infra.close();
      logger.info('stopped');
    },
  };
}

function noCacheHtml(res: express.Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
