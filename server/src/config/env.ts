import { z } from 'zod';
import { parseOutboundAllow, type OutboundPolicy } from '../shared/outbound-http.js';
import { parseEncryptionKeys, type EncryptionKey } from '../shared/secret-box.js';
import { PUBLISHED_SECRETS } from './published-secrets.js';
import type { AwsSettings } from '../modules/discovery/aws-clients.js';

/**
 * Every environment variable Maestro reads, parsed and validated once.
 * The API and the worker processes both call `loadConfig()` at start-up and
 * refuse to start with one message that lists every bad or missing value.
 */

/**
 * Faults a test can inject (MAESTRO_FAULTS, honoured only when NODE_ENV=test):
 * crashes between the steps of a write, a bulk insert failing halfway, and
 * `hold-jobs`, which makes every job a worker takes hold its slot for a
 * minute before it runs (to fill a queue with long jobs), and
 * `slow-report-pages`, which makes a report run pause 300 ms after each
 * batch (to stop a worker in the middle of a run).
 */
const FAULTS = ['crash-after-entity-write', 'crash-after-bulk-insert', 'fail-bulk-insert', 'hold-jobs', 'slow-report-pages'] as const;
export type Fault = (typeof FAULTS)[number];

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().min(1).max(3_600_000);

const mongoUrl = z
  .string()
  .refine((v) => /^mongodb(\+srv)?:\/\//.test(v), 'must start with mongodb:// or mongodb+srv://')
  .refine((v) => {
    try {
      const path = new URL(v).pathname.replace(/^\//, '');
      return path.length > 0 && !path.includes('/');
    } catch {
      return false;
    }
  }, 'must name the database in its path, e.g. mongodb://host:27017/maestro');

const redisUrl = z.string().refine((v) => /^rediss?:\/\/[^/]+/.test(v), 'must look like redis://host:6379');
const httpUrl = z.string().refine((v) => /^https?:\/\/[^/]+/.test(v), 'must be an http:// or https:// URL');
const smtpUrl = z.string().refine((v) => /^smtps?:\/\/[^/]+/.test(v), 'must look like smtp://user:pass@host:port');
const secret = z.string().min(32, 'must be at least 32 characters');

/** Largest request body, HTTP or WebSocket message: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The largest import that fits in a request body of `maxBodyBytes`: an import
 * travels as a string inside a GraphQL request, where JSON escapes quotes
 * and line breaks, so it gets 7/8 of the body and the rest is headroom.
 */
export function importLimitFor(maxBodyBytes: number): number {
  return Math.floor((maxBodyBytes * 7) / 8);
}

/**
 * Variables that hold secrets: required in production, never logged. Left
 * unset outside production, each is generated once and kept with the local
 * data (server/src/config/secrets.ts), so no secret of Maestro is ever a
 * published string.
 */
export const SECRET_VARIABLES = ['JWT_SECRET', 'RESET_TOKEN_SECRET', 'SHARE_TOKEN_SECRET', 'MAESTRO_ENCRYPTION_KEYS'] as const;

/** Variables that production must set explicitly (no development default applies). */
export const REQUIRED_IN_PRODUCTION = [
  ...SECRET_VARIABLES,
  'MONGO_URL',
  'REDIS_URL',
  'SMTP_URL',
  'PUBLIC_URL',
] as const;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  PUBLIC_URL: httpUrl.optional(),
  MONGO_URL: mongoUrl.default('mongodb://127.0.0.1:27017/maestro'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'may hold letters, digits, - and _ only')
    .default('maestro'),
  SMTP_URL: smtpUrl.default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Maestro <maestro@localhost>'),
  JWT_SECRET: secret.optional(),
  RESET_TOKEN_SECRET: secret.optional(),
  SHARE_TOKEN_SECRET: secret.optional(),
  // `kid:base64key,…` (32-byte keys): the first seals stored secrets, all open them. Checked below, never echoed.
  MAESTRO_ENCRYPTION_KEYS: z.string().optional(),
  // Only for emulators (moto): every AWS client Maestro builds talks to this endpoint instead of AWS.
  AWS_ENDPOINT_URL: httpUrl.optional(),
  AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  // What outbound HTTP calls (HTTP schedules) may reach beyond public addresses: CIDRs, addresses, host names.
  OUTBOUND_ALLOW: z.string().superRefine((value, ctx) => {
    const problem = outboundAllowProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // A worker refreshes its heartbeat four times per timeout: 200 ms is the shortest that makes sense.
  STATUS_TIMEOUT_MS: z.coerce.number().int().min(200).max(600_000).default(2000),
  STATUS_INTERVAL_MS: positiveMs.default(5000),
  STATUS_LEASE_MS: positiveMs.optional(),
  HISTORY_REPAIR_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  HISTORY_REPAIR_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  SHUTDOWN_TIMEOUT_MS: positiveMs.default(10_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Tests only: how long a schedule's minute lasts, so that their intervals tick in seconds.
  SCHEDULE_MINUTE_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  WEB_DIST: z.string().min(1).optional(),
  GRAPHQL_INTROSPECTION: boolean.optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(24),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).max(100_000_000).default(1_000_000),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).default(DEFAULT_MAX_BODY_BYTES),
  // Defaults to what fits in MAX_BODY_BYTES (importLimitFor).
  MAX_IMPORT_BYTES: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).optional(),
  TRUST_PROXY: z.string().min(1).default('loopback'),
  MAESTRO_FAULTS: z.string().optional(),
});

type Raw = z.infer<typeof schema>;

export interface Config {
  nodeEnv: Raw['NODE_ENV'];
  production: boolean;
  host: string;
  port: number;
  publicUrl: string;
  mongoUrl: string;
  redisUrl: string;
  redisPrefix: string;
  smtpUrl: string;
  mailFrom: string;
  /** Secrets from the environment; null where unset (outside production only): generated and kept in the database. */
  secrets: { jwt: string | null; reset: string | null; share: string | null };
  /**
   * The keys that seal stored secrets (MAESTRO_ENCRYPTION_KEYS), the first
   * sealing; null where unset (outside production only): generated and kept
   * in the database like the signing secrets.
   */
  encryptionKeys: EncryptionKey[] | null;
  /** AWS clients: the operator's endpoint override (emulators only) and the attempts of the standard retry mode. */
  aws: AwsSettings;
  /**
   * What outbound HTTP calls (HTTP schedules) may reach besides public
   * addresses (OUTBOUND_ALLOW); nothing private when unset.
   */
  outbound: OutboundPolicy;
  logLevel: Raw['LOG_LEVEL'];
  /** How long a status check waits for each component; also how fresh a worker's heartbeat must be. */
  statusTimeoutMs: number;
  statusIntervalMs: number;
  /** Lifetime of the status monitor's lease and of an API process's heartbeat: both are renewed once per check. */
  statusLeaseMs: number;
  /** How often the maintenance queue looks for changes a crash kept from being recorded. */
  historyRepairIntervalMs: number;
  /** Changes younger than this are left to the process writing them. */
  historyRepairGraceMs: number;
  shutdownTimeoutMs: number;
  workerConcurrency: number;
  /** How long a worker's hold on a running job lasts without renewal: a job of a worker that died is taken up again after about this long. */
  jobLockMs: number;
  /** How long a report's runs are kept (the last good run of each report and person stays). */
  reportRetentionDays: number;
  /** How long a schedule's minute lasts: 60,000 ms (SCHEDULE_MINUTE_MS shortens it in tests only). */
  scheduleMinuteMs: number;
  webDist: string | undefined;
  introspection: boolean;
  maxBodyBytes: number;
  maxImportBytes: number;
  maxDepth: number;
  maxCost: number;
  /** Express `trust proxy`: which proxies' X-Forwarded-For to believe. */
  trustProxy: boolean | string;
  /** Faults to inject, for crash tests: honoured only when NODE_ENV=test. */
  faults: ReadonlySet<Fault>;
}

/** The names of every variable the config module knows. */
export const KNOWN_VARIABLES: readonly string[] = Object.keys(schema.shape);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` (process.env by default). Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as docker-compose writes `VAR=` for blanks.
  const input = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => KNOWN_VARIABLES.includes(k) && v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      // Never echo the value: it may be a secret.
      problems.push(`${name}: ${issue.message}`);
    }
  }
  const production = (input.NODE_ENV ?? 'development') === 'production';
  if (production) {
    for (const name of REQUIRED_IN_PRODUCTION) {
      if (input[name] === undefined) problems.push(`${name}: is required when NODE_ENV=production`);
    }
  }
  const seen = new Map<string, string>();
  for (const name of SECRET_VARIABLES) {
    const value = input[name];
    if (value === undefined) continue;
    if (PUBLISHED_SECRETS.has(value)) {
      problems.push(`${name}: is a published value (it appears in Maestro's source or documentation): generate one, e.g. openssl rand -base64 48`);
    } else if (name === 'MAESTRO_ENCRYPTION_KEYS' && encryptionKeyProblem(value)) {
      problems.push(`${name}: ${encryptionKeyProblem(value)}`);
    } else if (value.length >= 32 && guessable(value)) {
      problems.push(`${name}: is too easy to guess (few different characters, or a short run repeated): generate one, e.g. openssl rand -base64 48`);
    }
    const twin = seen.get(value);
    if (twin) problems.push(`${name}: must differ from ${twin}: each secret signs a different kind of token`);
    seen.set(value, name);
  }
  const faults = (input.MAESTRO_FAULTS ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (faults.length > 0 && (input.NODE_ENV ?? 'development') !== 'test') problems.push('MAESTRO_FAULTS: is only for tests (NODE_ENV=test)');
  if (input.SCHEDULE_MINUTE_MS !== undefined && (input.NODE_ENV ?? 'development') !== 'test') problems.push('SCHEDULE_MINUTE_MS: is only for tests (NODE_ENV=test)');
  for (const fault of faults) if (!FAULTS.includes(fault as Fault)) problems.push(`MAESTRO_FAULTS: ${fault} is not a known fault`);
  if (parsed.success && parsed.data.MAX_IMPORT_BYTES !== undefined && parsed.data.MAX_IMPORT_BYTES > importLimitFor(parsed.data.MAX_BODY_BYTES)) {
    problems.push(`MAX_IMPORT_BYTES: must be at most ${importLimitFor(parsed.data.MAX_BODY_BYTES)} (7/8 of MAX_BODY_BYTES), as an import travels inside a request body`);
  }
  if (parsed.success) problems.push(...timingProblems(parsed.data));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(dedupe(problems));

  const raw = parsed.data;
  return {
    nodeEnv: raw.NODE_ENV,
    production,
    host: raw.HOST,
    port: raw.PORT,
    // Not derived from PORT: every API process of a deployment must issue and accept the same tokens.
    publicUrl: (raw.PUBLIC_URL ?? 'http://localhost:4000').replace(/\/+$/, ''),
    mongoUrl: raw.MONGO_URL,
    redisUrl: raw.REDIS_URL,
    redisPrefix: raw.REDIS_PREFIX,
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM,
    secrets: {
      jwt: raw.JWT_SECRET ?? null,
      reset: raw.RESET_TOKEN_SECRET ?? null,
      share: raw.SHARE_TOKEN_SECRET ?? null,
    },
    encryptionKeys: raw.MAESTRO_ENCRYPTION_KEYS ? parseEncryptionKeys(raw.MAESTRO_ENCRYPTION_KEYS) : null,
    aws: { endpointUrl: raw.AWS_ENDPOINT_URL?.replace(/\/+$/, '') ?? null, maxAttempts: raw.AWS_MAX_ATTEMPTS },
    outbound: parseOutboundAllow(raw.OUTBOUND_ALLOW),
    logLevel: raw.LOG_LEVEL,
    statusTimeoutMs: raw.STATUS_TIMEOUT_MS,
    statusIntervalMs: raw.STATUS_INTERVAL_MS,
    statusLeaseMs: statusLeaseMs(raw),
    historyRepairIntervalMs: raw.HISTORY_REPAIR_INTERVAL_MS,
    historyRepairGraceMs: raw.HISTORY_REPAIR_GRACE_MS,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    workerConcurrency: raw.WORKER_CONCURRENCY,
    jobLockMs: raw.JOB_LOCK_MS,
    reportRetentionDays: raw.REPORT_RETENTION_DAYS,
    scheduleMinuteMs: raw.SCHEDULE_MINUTE_MS ?? 60_000,
    webDist: raw.WEB_DIST,
    introspection: raw.GRAPHQL_INTROSPECTION ?? !production,
    maxBodyBytes: raw.MAX_BODY_BYTES,
    maxImportBytes: raw.MAX_IMPORT_BYTES ?? importLimitFor(raw.MAX_BODY_BYTES),
    maxDepth: raw.GRAPHQL_MAX_DEPTH,
    maxCost: raw.GRAPHQL_MAX_COST,
    trustProxy: raw.TRUST_PROXY === 'true' ? true : raw.TRUST_PROXY === 'false' ? false : raw.TRUST_PROXY,
    faults: new Set(faults as Fault[]),
  };
}

/** Twice what one round of the monitor can take, unless set. */
function statusLeaseMs(raw: Raw): number {
  return raw.STATUS_LEASE_MS ?? 2 * (raw.STATUS_INTERVAL_MS + raw.STATUS_TIMEOUT_MS);
}

/**
 * Timings that only make sense together. The status monitor renews its
 * lease and its API process's heartbeat once per round, and a round is a
 * check (up to STATUS_TIMEOUT_MS) followed by a pause (STATUS_INTERVAL_MS):
 * a lease shorter than that lapses between two renewals, so API processes
 * would flicker down and the monitor change hands on every round.
 */
function timingProblems(raw: Raw): string[] {
  const lease = statusLeaseMs(raw);
  const round = raw.STATUS_INTERVAL_MS + raw.STATUS_TIMEOUT_MS;
  if (lease > round) return [];
  return [
    `STATUS_LEASE_MS, STATUS_INTERVAL_MS, STATUS_TIMEOUT_MS: the monitor lease and API heartbeats (${lease} ms) must outlast one round of the monitor, ` +
      `the interval plus the timeout (${raw.STATUS_INTERVAL_MS} + ${raw.STATUS_TIMEOUT_MS} = ${round} ms)`,
  ];
}

/** What is wrong with an allow-list, naming the bad entry; null when it is right. */
function outboundAllowProblem(value: string): string | null {
  try {
    parseOutboundAllow(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What is wrong with a key list, in words that never hold a key; null when it is right. */
function encryptionKeyProblem(value: string): string | null {
  try {
    parseEncryptionKeys(value);
    return null;
  } catch (error) {
    return `${(error as Error).message}; e.g. k1:$(openssl rand -base64 32)`;
  }
}

/**
 * A secret anyone could guess without reading it anywhere: fewer than 8
 * different characters (`xxxx…`, `0000…`), or one run of up to 8 characters
 * repeated (`abcabc…`, `changeme-changeme-…`).
 */
function guessable(value: string): boolean {
  if (new Set(value).size < 8) return true;
  for (let period = 1; period <= 16; period += 1) {
    if (value.length >= 2 * period && value.split('').every((ch, i) => ch === value[i % period])) return true;
  }
  return false;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

/** Loads the config or prints the problems and exits: for process entry points. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
