import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, KNOWN_VARIABLES, REQUIRED_IN_PRODUCTION, SECRET_VARIABLES, loadConfig } from './env.js';
import { PUBLISHED_SECRETS } from './published-secrets.js';

const secret = () => randomBytes(30).toString('base64url');
const SECRET = secret();
const production = {
  NODE_ENV: 'production',
  MONGO_URL: 'mongodb://db:27017/maestro',
  REDIS_URL: 'redis://redis:6379',
  SMTP_URL: 'smtp://mail:1025',
  PUBLIC_URL: 'https://maestro.example.com',
  JWT_SECRET: SECRET,
  RESET_TOKEN_SECRET: secret(),
  SHARE_TOKEN_SECRET: secret(),
  MAESTRO_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives working development defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.mongoUrl).toBe('mongodb://127.0.0.1:27017/maestro');
    expect(config.production).toBe(false);
    expect(config.introspection).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:4000');
  });

  it('lists every bad variable at once, naming each', () => {
    const problems = problemsOf({ PORT: 'eighty', MONGO_URL: 'mongodb://db:27017', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/MONGO_URL: must name the database/);
    expect(problems.join('\n')).toMatch(/REDIS_URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4000);
  });

  it('starts in production when every required variable is set', () => {
    const config = loadConfig(production);
    expect(config.production).toBe(true);
    expect(config.secrets.jwt).toBe(SECRET);
    expect(config.introspection).toBe(false);
  });

  it.each(REQUIRED_IN_PRODUCTION)('refuses production without %s', (name) => {
    const env: Record<string, string> = { ...production };
    delete env[name];
    expect(problemsOf(env)).toContain(`${name}: is required when NODE_ENV=production`);
  });

  it('never defaults a secret in production and never echoes its value', () => {
    const problems = problemsOf({ ...production, JWT_SECRET: 'short-secret-value' });
    expect(problems).toEqual(['JWT_SECRET: must be at least 32 characters']);
    expect(problems.join()).not.toContain('short-secret-value');
  });

  it('sizes the monitor lease and API heartbeats to outlast one round of checks unless told', () => {
    expect(loadConfig({}).statusLeaseMs).toBe(2 * (5000 + 2000));
    expect(loadConfig({ STATUS_INTERVAL_MS: '1000', STATUS_TIMEOUT_MS: '3000' }).statusLeaseMs).toBe(8000);
    expect(loadConfig({ STATUS_LEASE_MS: '7001' }).statusLeaseMs).toBe(7001);
  });

  it('refuses status timings that do not fit together, naming every variable involved', () => {
    const problems = problemsOf({ STATUS_INTERVAL_MS: '5000', STATUS_TIMEOUT_MS: '2000', STATUS_LEASE_MS: '7000' });
    expect(problems).toEqual([
      'STATUS_LEASE_MS, STATUS_INTERVAL_MS, STATUS_TIMEOUT_MS: the monitor lease and API heartbeats (7000 ms) must outlast one round of the monitor, the interval plus the timeout (5000 + 2000 = 7000 ms)',
    ]);
    // A bad value is reported for itself, not as a mismatch.
    expect(problemsOf({ STATUS_TIMEOUT_MS: '50', STATUS_LEASE_MS: '10' })).toEqual([expect.stringMatching(/^STATUS_TIMEOUT_MS: /)]);
  });

  it('schedules the repair of stranded changes every 30 s by default, for changes older than 15 s', () => {
    const config = loadConfig({});
    expect(config.historyRepairIntervalMs).toBe(30_000);
    expect(config.historyRepairGraceMs).toBe(15_000);
    expect(loadConfig({ HISTORY_REPAIR_GRACE_MS: '0' }).historyRepairGraceMs).toBe(0);
    const problems = problemsOf({ HISTORY_REPAIR_INTERVAL_MS: '10', HISTORY_REPAIR_GRACE_MS: '-1' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/HISTORY_REPAIR_INTERVAL_MS: /);
    expect(problems.join('\n')).toMatch(/HISTORY_REPAIR_GRACE_MS: /);
  });

  it('accepts fault injection only in tests', () => {
    expect(loadConfig({ NODE_ENV: 'test', MAESTRO_FAULTS: 'hold-jobs' }).faults.has('hold-jobs')).toBe(true);
    expect(problemsOf({ MAESTRO_FAULTS: 'hold-jobs' })).toEqual(['MAESTRO_FAULTS: is only for tests (NODE_ENV=test)']);
  });

  it('holds no secret of its own: unset secrets outside production are left to the stack (generated and kept there)', () => {
    expect(loadConfig({}).secrets).toEqual({ jwt: null, reset: null, share: null });
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET }).secrets).toEqual({ jwt: SECRET, reset: null, share: null });
  });

  it.each(SECRET_VARIABLES)('refuses %s set to a value published in the source, such as the old development defaults', (name) => {
    expect(PUBLISHED_SECRETS.size).toBeGreaterThanOrEqual(3);
    for (const published of PUBLISHED_SECRETS) {
      const problems = problemsOf({ ...production, [name]: published });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^${name}: is a published value`));
      expect(problems[0]).not.toContain(published);
      // Outside production too: a development server can be reachable as well.
      expect(problemsOf({ [name]: published })).toHaveLength(1);
    }
  });

  it('refuses the old development default of JWT_SECRET in production', () => {
    const old = 'maestro-access-secret-development only, never used when NODE_ENV=production';
    expect(problemsOf({ ...production, JWT_SECRET: old })).toEqual([
      "JWT_SECRET: is a published value (it appears in Maestro's source or documentation): generate one, e.g. openssl rand -base64 48",
    ]);
  });

  it.each([
    ['one character repeated', 'x'.repeat(40)],
    ['few different characters', 'abababababcdcdcdcdcd0101010101010101'],
    ['a short run repeated', 'changeme-changeme-changeme-changeme'],
    ['digits repeated', '1234567812345678123456781234567812345678'],
  ])('refuses a secret that is easy to guess: %s, without echoing it', (_case, weak) => {
    const problems = problemsOf({ ...production, SHARE_TOKEN_SECRET: weak });
    expect(problems).toEqual([expect.stringMatching(/^SHARE_TOKEN_SECRET: is too easy to guess/)]);
    expect(problems.join()).not.toContain(weak);
  });

  it('refuses the same value for two secrets', () => {
    expect(problemsOf({ ...production, RESET_TOKEN_SECRET: SECRET })).toEqual(['RESET_TOKEN_SECRET: must differ from JWT_SECRET: each secret signs a different kind of token']);
  });

  it('reads the encryption keys, first one sealing, and explains a bad list without echoing it', () => {
    const older = `old:${randomBytes(32).toString('base64')}`;
    const config = loadConfig({ ...production, MAESTRO_ENCRYPTION_KEYS: `${production.MAESTRO_ENCRYPTION_KEYS},${older}` });
    expect(config.encryptionKeys?.map((k) => k.kid)).toEqual(['k1', 'old']);
    expect(loadConfig({}).encryptionKeys).toBeNull();
    const short = `k1:${randomBytes(16).toString('base64')}`;
    const problems = problemsOf({ ...production, MAESTRO_ENCRYPTION_KEYS: short });
    expect(problems).toEqual([expect.stringMatching(/^MAESTRO_ENCRYPTION_KEYS: key 1: the key must be 32 bytes/)]);
    expect(problems.join()).not.toContain(short.slice(3));
    const zeros = `k1:${Buffer.alloc(32).toString('base64')}`;
    expect(problemsOf({ ...production, MAESTRO_ENCRYPTION_KEYS: zeros })).toEqual([expect.stringMatching(/^MAESTRO_ENCRYPTION_KEYS: is too easy to guess/)]);
  });

  it('takes an AWS endpoint override (for emulators) and the retry attempts from the environment only', () => {
    expect(loadConfig({}).aws).toEqual({ endpointUrl: null, maxAttempts: 3 });
    expect(loadConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000/', AWS_MAX_ATTEMPTS: '5' }).aws).toEqual({ endpointUrl: 'http://127.0.0.1:5000', maxAttempts: 5 });
    expect(problemsOf({ AWS_ENDPOINT_URL: 'ftp://x' })).toEqual([expect.stringMatching(/^AWS_ENDPOINT_URL: /)]);
    expect(problemsOf({ AWS_MAX_ATTEMPTS: '0' })).toEqual([expect.stringMatching(/^AWS_MAX_ATTEMPTS: /)]);
  });

  it('opens nothing private to outbound calls unless OUTBOUND_ALLOW says so, and names a bad entry', () => {
    expect(loadConfig({}).outbound).toEqual({ ranges: [], hosts: [], hostSuffixes: [] });
    const outbound = loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/8, ::1/128, vault.internal, *.corp.example.com' }).outbound;
    expect(outbound.ranges.map((r) => r.cidr)).toEqual(['10.0.0.0/8', '::1/128']);
    expect(outbound.hosts).toEqual(['vault.internal']);
    expect(outbound.hostSuffixes).toEqual(['.corp.example.com']);
    expect(problemsOf({ OUTBOUND_ALLOW: '10.0.0.0/8, 10.0.0.0/33' })).toEqual([
      'OUTBOUND_ALLOW: "10.0.0.0/33" is not a CIDR range (e.g. 10.0.0.0/8, 127.0.0.1/32 or ::1/128)',
    ]);
  });

  it('knows every variable it validates', () => {
    for (const name of REQUIRED_IN_PRODUCTION) expect(KNOWN_VARIABLES).toContain(name);
  });

  it("limits request bodies to the README's default of 1 MiB, with imports fitting inside", () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const documented = /^\| `MAX_BODY_BYTES` \| `(\d+)` \|/m.exec(readme)?.[1];
    const config = loadConfig({});
    expect(config.maxBodyBytes).toBe(Number(documented));
    expect(config.maxBodyBytes).toBe(1024 * 1024);
    expect(config.maxImportBytes).toBeLessThan(config.maxBodyBytes);
    // The import limit follows the body limit unless set.
    expect(loadConfig({ MAX_BODY_BYTES: String(8 * 1024 * 1024) }).maxImportBytes).toBe(7 * 1024 * 1024);
    expect(loadConfig({ MAX_BODY_BYTES: String(8 * 1024 * 1024), MAX_IMPORT_BYTES: '4096' }).maxImportBytes).toBe(4096);
  });

  it('refuses an import limit that does not fit in a request body', () => {
    expect(problemsOf({ MAX_BODY_BYTES: '1048576', MAX_IMPORT_BYTES: String(2 * 1024 * 1024) })).toEqual([
      'MAX_IMPORT_BYTES: must be at most 917504 (7/8 of MAX_BODY_BYTES), as an import travels inside a request body',
    ]);
  });
});
