/**
 * Runs Maestro locally: MongoDB (or FerretDB) and Redis on loopback with data
 * under .data/ unless MONGO_URL / REDIS_URL are set, a mail catcher with a
 * web inbox unless SMTP_URL is set, then the API process (which serves the
 * built dashboard) and one worker process. Ctrl-C stops the API and the
 * worker gracefully, then the servers it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { clearStack, localDataDir, writeStack } from './lib/local-stack.ts';
import { startMailCatcher, startMongoCompatible, startRedis, stopChild, type RunningService } from './lib/services.ts';

const root = resolve(import.meta.dirname, '..');
const dataDir = localDataDir(root);
const logDir = join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });

const say = (message: string) => process.stdout.write(`\x1b[1m[maestro]\x1b[0m ${message}\n`);

const services: RunningService[] = [];
const apps: ChildProcess[] = [];
let stopping = false;

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!env.MONGO_URL) {
    const mongo = await startMongoCompatible({ dataDir: join(dataDir, 'mongo'), logDir, database: 'maestro' });
    services.push(mongo);
    env.MONGO_URL = mongo.url;
    say(`${mongo.name} on ${mongo.url} (data in ${join(dataDir, 'mongo')})`);
  }
  if (!env.REDIS_URL) {
    const redis = await startRedis({ dataDir: join(dataDir, 'redis'), logDir });
    services.push(redis);
    env.REDIS_URL = redis.url;
    say(`redis-server on ${redis.url} (append-only data in ${join(dataDir, 'redis')})`);
  }

  let inbox: string | undefined;
  if (!env.SMTP_URL) {
    const mail = await startMailCatcher({ dataDir: join(dataDir, 'mail'), logDir, preferredSmtpPort: 1025, preferredWebPort: 1080 });
    services.push(mail);
    env.SMTP_URL = mail.smtpUrl;
    inbox = mail.url;
    say(`maildev on ${mail.smtpUrl}: the e-mails Maestro sends wait in its inbox at ${mail.url} (kept in ${join(dataDir, 'mail')})`);
  }

  writeStack(root, { MONGO_URL: env.MONGO_URL, REDIS_URL: env.REDIS_URL, pid: process.pid });
  const api = run('api', 'dist/server/src/main.js', env);
  run('worker', 'dist/workers/src/main.js', env);

  const port = env.PORT ?? '4000';
  const url = `http://localhost:${port}`;
  await waitForHealth(url, api);
  const links = [`playground: ${url}/playground`, ...(inbox ? [`e-mail inbox: ${inbox}`] : [])].join(', ');
  say(`Maestro is running at ${url}  (${links}). Ctrl-C stops everything.`);
  await offerDemo(env.MONGO_URL);
}

/** On an empty inventory, offers the demo data set (or loads it with `npm start -- --demo`). */
async function offerDemo(mongoUrl: string): Promise<void> {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    if ((await client.db().collection('inventory').estimatedDocumentCount()) > 0) return;
  } finally {
    await client.close();
  }
  if (!process.argv.includes('--demo')) {
    say('The inventory is empty. Load a demo data set with `npm run seed` (or start with `npm start -- --demo`).');
    return;
  }
  say('Loading the demo data set…');
  const seeded = spawn(process.execPath, [join(root, 'scripts/seed.ts')], { cwd: root, env: process.env, stdio: 'inherit' });
  await new Promise((r) => seeded.once('exit', r));
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group: Ctrl-C reaches it through us, in order, not all at once.
  const child = spawn(process.execPath, [join(root, script)], { cwd: root, env, stdio: 'inherit', detached: true });
  apps.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    if (name === 'api') {
      say(`the API process exited (${signal ?? code}): stopping`);
      void shutdown(1);
    } else {
      say(`the ${name} process exited (${signal ?? code}); its queues show as down in status. Run npm start again to bring it back.`);
    }
  });
  return child;
}

async function waitForHealth(url: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error('the API process exited during start-up');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API did not answer ${url}/healthz within 60 s`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(apps.map((child) => stopChild(child, 15_000)));
  await Promise.all(services.map((service) => service.stop()));
  clearStack(root);
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Last resort if this process dies some other way: leave nothing behind.
process.on('exit', () => {
  for (const child of apps) if (child.exitCode === null) child.kill('SIGKILL');
  for (const service of services) {
    try {
      if (service.pid) process.kill(service.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

main().catch(async (error: unknown) => {
  say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
