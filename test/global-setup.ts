import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMongoCompatible, startMoto, startRedis, type RunningService } from '../scripts/lib/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoBaseUrl: string;
    redisUrl: string;
    motoUrl: string;
  }
}

/**
 * Starts one throwaway MongoDB-compatible server, one Redis and one moto (the
 * AWS APIs) for the whole run, on free loopback ports. Each test file takes
 * its own database name and Redis key prefix (test/support/env.ts), so files
 * never see each other's data.
 *
 * moto is shared too, and has no prefix: a file that creates AWS resources in
 * it works in an AWS account of its own (a 12-digit id it picks at random,
 * reached with the `x-moto-account-id` header or by assuming a role into
 * it), and never resets the whole server (`POST /moto-api/reset`), which
 * would empty the other files' accounts while they run. What a file only
 * reads (the default account's regions, its caller identity) it may share.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'maestro-test-'));
  const logDir = join(process.cwd(), 'test-results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const started: RunningService[] = [];
  try {
    const mongo = await startMongoCompatible({ dataDir: join(root, 'mongo'), logDir, database: 'maestro' });
    started.push(mongo);
    const redis = await startRedis({ dataDir: join(root, 'redis'), logDir });
    started.push(redis);
    const moto = await startMoto({ logDir });
    started.push(moto);
    project.provide('mongoBaseUrl', `mongodb://127.0.0.1:${mongo.port}`);
    project.provide('redisUrl', redis.url);
    project.provide('motoUrl', moto.url);
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  };
}
