import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, KNOWN_VARIABLES, REQUIRED_IN_PRODUCTION, loadConfig } from './env.js';

const SECRET = 'x'.repeat(40);
const production = {
  NODE_ENV: 'production',
  MONGO_URL: 'mongodb://db:27017/maestro',
  REDIS_URL: 'redis://redis:6379',
  SMTP_URL: 'smtp://mail:1025',
  PUBLIC_URL: 'https://maestro.example.com',
  JWT_SECRET: SECRET,
  RESET_TOKEN_SECRET: SECRET,
  SHARE_TOKEN_SECRET: SECRET,
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
