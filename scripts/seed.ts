/**
 * Runs the seed against MONGO_URL / REDIS_URL, else against the local stack
 * `npm start` is running, else starts the local servers (data in .data/)
 * for the time of the seed.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { localDataDir, readStack } from './lib/local-stack.ts';
import { startMongoCompatible, startRedis, type RunningService } from './lib/services.ts';

const root = resolve(import.meta.dirname, '..');
const env: NodeJS.ProcessEnv = { ...process.env };
const started: RunningService[] = [];
try {
  const running = readStack(root);
  if (!env.MONGO_URL || !env.REDIS_URL) {
    if (running) {
      env.MONGO_URL ??= running.MONGO_URL;
      env.REDIS_URL ??= running.REDIS_URL;
    } else {
      const dataDir = localDataDir(root);
      const logDir = join(dataDir, 'logs');
      if (!env.MONGO_URL) {
        const mongo = await startMongoCompatible({ dataDir: join(dataDir, 'mongo'), logDir, database: 'maestro' });
        started.push(mongo);
        env.MONGO_URL = mongo.url;
      }
      if (!env.REDIS_URL) {
        const redis = await startRedis({ dataDir: join(dataDir, 'redis'), logDir });
        started.push(redis);
        env.REDIS_URL = redis.url;
      }
    }
  }
  const result = spawnSync(process.execPath, [join(root, 'dist/server/src/seed/main.js'), ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  await Promise.all(started.map((s) => s.stop()));
}
