import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../server/src/config/env.ts';

/**
 * Environment for one test: its own database and Redis key prefix on the
 * shared throwaway servers, AWS clients pointed at the run's moto, fast
 * status checks, quiet logs.
 */
export function testEnv(label: string, extra: Record<string, string> = {}): Record<string, string> {
  const id = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}${randomBytes(4).toString('hex')}`;
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    MONGO_URL: `${inject('mongoBaseUrl')}/t_${id}`,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `t_${id}`,
    // Every AWS client of the process talks to the run's moto (see test/global-setup.ts for how files share it).
    AWS_ENDPOINT_URL: inject('motoUrl'),
    AWS_MAX_ATTEMPTS: '2',
    LOG_LEVEL: 'warn',
    STATUS_TIMEOUT_MS: '1000',
    STATUS_INTERVAL_MS: '1000',
    SHUTDOWN_TIMEOUT_MS: '10000',
    ...extra,
  };
}

export function testConfig(label: string, extra: Record<string, string> = {}): Config {
  return loadConfig(testEnv(label, extra));
}
