import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KNOWN_VARIABLES, REQUIRED_IN_PRODUCTION } from '../server/src/config/env.ts';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as ComposeFile;

describe('docker-compose.yml', () => {
  it.each(['api', 'workers'])('%s sets only variables the config module knows', (name) => {
    const env = compose.services[name]?.environment ?? {};
    const unknown = Object.keys(env).filter((key) => !KNOWN_VARIABLES.includes(key));
    expect(unknown, `unknown variables in ${name}`).toEqual([]);
  });

  it.each(['api', 'workers'])('%s runs in production with every variable production requires', (name) => {
    const env = compose.services[name]?.environment ?? {};
    expect(env.NODE_ENV).toBe('production');
    const missing = REQUIRED_IN_PRODUCTION.filter((key) => !env[key]);
    expect(missing, `missing in ${name}`).toEqual([]);
  });

  it('never writes a secret into the file: secrets come from the environment and are required', () => {
    const env = compose.services.api?.environment ?? {};
    for (const key of ['JWT_SECRET', 'RESET_TOKEN_SECRET', 'SHARE_TOKEN_SECRET', 'MAESTRO_ENCRYPTION_KEYS']) {
      expect(env[key]).toMatch(new RegExp(`^\\$\\{${key}:\\?`));
    }
  });

  it('runs MongoDB 7 on a named volume and Redis 7 with append-only persistence', () => {
    expect(compose.services.mongo?.image).toBe('mongo:7');
    expect(compose.services.mongo?.volumes?.[0]).toMatch(/^mongo-data:/);
    expect(Object.keys(compose.volumes ?? {})).toContain('mongo-data');
    expect(compose.services.redis?.image).toBe('redis:7');
    const command = (compose.services.redis?.command ?? []).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(compose.services.maildev).toBeDefined();
  });
});
