/**
 * Starts the backing services Maestro needs on loopback: a MongoDB-compatible
 * server (mongod when it is on the PATH, else FerretDB with its SQLite
 * backend) and redis-server with append-only persistence. Used by
 * `npm start`, `npm test` and `npm run bench`. Plain TypeScript that Node runs
 * as it is (types are stripped), so no build step is needed to start them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

export interface RunningService {
  name: string;
  url: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logFile}`);
    if (await portIsOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms; see ${logFile}`);
}

/** Ends a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Where FerretDB lives: FERRETDB_BIN, the PATH, or the Go bin folder the install script uses. */
export function ferretdbBinary(): string | undefined {
  if (process.env.FERRETDB_BIN && existsSync(process.env.FERRETDB_BIN)) return process.env.FERRETDB_BIN;
  const onPath = which('ferretdb');
  if (onPath) return onPath;
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' });
  const candidate = gopath.status === 0 ? join(gopath.stdout.trim(), 'bin', 'ferretdb') : '';
  return candidate && existsSync(candidate) ? candidate : undefined;
}

function launch(name: string, command: string, args: string[], logFile: string): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  // Own process group: a Ctrl-C in the terminal reaches the script that
  // started it, which stops it last, after the processes that use it.
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('error', (error) => log.write(`${name} failed to start: ${error.message}\n`));
  return child;
}

export interface MongoOptions {
  dataDir: string;
  logDir: string;
  port?: number;
  database: string;
}

/** mongod when it is on the PATH, else FerretDB 1.x on SQLite. */
export async function startMongoCompatible(options: MongoOptions): Promise<RunningService> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(options.logDir, { recursive: true });
  const mongod = which('mongod');
  let child: ChildProcess;
  let name: string;
  let logFile: string;
  if (mongod) {
    name = 'mongod';
    logFile = join(options.logDir, 'mongod.log');
    child = launch(name, mongod, ['--dbpath', options.dataDir, '--port', String(port), '--bind_ip', '127.0.0.1'], logFile);
  } else {
    const ferretdb = ferretdbBinary();
    if (!ferretdb) throw new Error('FerretDB is not installed: run `bash scripts/ensure-tools.sh`');
    name = 'ferretdb';
    logFile = join(options.logDir, 'ferretdb.log');
    child = launch(
      name,
      ferretdb,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${options.dataDir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        `--state-dir=${options.dataDir}`,
        '--log-level=warn',
      ],
      logFile,
    );
  }
  await waitForPort(port, child, name, logFile);
  return {
    name,
    port,
    pid: child.pid,
    url: `mongodb://127.0.0.1:${port}/${options.database}`,
    stop: () => stopChild(child),
  };
}

export interface RedisOptions {
  dataDir: string;
  logDir: string;
  port?: number;
}

/** redis-server with append-only persistence, as queued jobs must survive a restart. */
export async function startRedis(options: RedisOptions): Promise<RunningService> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(options.logDir, { recursive: true });
  const binary = which('redis-server');
  if (!binary) throw new Error('redis-server is not installed: run `bash scripts/ensure-tools.sh`');
  const logFile = join(options.logDir, 'redis.log');
  const child = launch(
    'redis-server',
    binary,
    [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', options.dataDir,
      '--appendonly', 'yes',
      '--appendfsync', 'everysec',
      '--maxmemory-policy', 'noeviction',
      '--save', '',
      '--daemonize', 'no',
    ],
    logFile,
  );
  await waitForPort(port, child, 'redis-server', logFile);
  return { name: 'redis', port, pid: child.pid, url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

export interface MailCatcherOptions {
  dataDir: string;
  logDir: string;
  /** Tried first, so that the inbox keeps its address from one start to the next; free ports otherwise. */
  preferredSmtpPort?: number;
  preferredWebPort?: number;
}

export interface MailCatcher extends RunningService {
  /** Where Maestro sends e-mail: the SMTP_URL it gets. */
  smtpUrl: string;
}

async function portOr(preferred: number | undefined): Promise<number> {
  return preferred !== undefined && !(await portIsOpen(preferred)) ? preferred : freePort();
}

/**
 * MailDev (the npm package): an SMTP server on loopback that keeps every
 * e-mail it receives, in `dataDir`, and shows them in a web inbox on
 * loopback. What `npm start` gives Maestro when SMTP_URL is not set, so that
 * "Forgot password" and invitations reach someone.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const smtpPort = await portOr(options.preferredSmtpPort);
  const webPort = await portOr(options.preferredWebPort);
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(options.logDir, { recursive: true });
  const bin = join(import.meta.dirname, '..', '..', 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  if (!existsSync(bin)) throw new Error('maildev is not installed: run `npm install`');
  const logFile = join(options.logDir, 'maildev.log');
  const child = launch(
    'maildev',
    process.execPath,
    [
      bin,
      '--smtp', String(smtpPort),
      '--ip', '127.0.0.1',
      '--web', String(webPort),
      '--web-ip', '127.0.0.1',
      '--mail-directory', options.dataDir,
    ],
    logFile,
  );
  await waitForPort(smtpPort, child, 'maildev', logFile);
  await waitForPort(webPort, child, 'maildev', logFile);
  return {
    name: 'maildev',
    port: webPort,
    pid: child.pid,
    url: `http://localhost:${webPort}`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    stop: () => stopChild(child),
  };
}

/** The local virtual environment scripts/ensure-tools.sh installs moto into. */
export const MOTO_VENV = join(import.meta.dirname, '..', '..', '.tools', 'moto');

/** Where moto_server lives: MOTO_SERVER_BIN, the project's virtual environment, or the PATH. */
export function motoBinary(): string | undefined {
  if (process.env.MOTO_SERVER_BIN && existsSync(process.env.MOTO_SERVER_BIN)) return process.env.MOTO_SERVER_BIN;
  const local = join(MOTO_VENV, 'bin', 'moto_server');
  if (existsSync(local)) return local;
  return which('moto_server');
}

/** The local virtual environment `scripts/ensure-tools.sh --ansible` installs ansible-core into. */
export const ANSIBLE_VENV = join(import.meta.dirname, '..', '..', '.tools', 'ansible');

/** Where ansible-inventory lives (the Ansible export tests read inventories with it): the project's virtual environment, or the PATH. */
export function ansibleInventoryBinary(): string | undefined {
  const local = join(ANSIBLE_VENV, 'bin', 'ansible-inventory');
  if (existsSync(local)) return local;
  return which('ansible-inventory');
}

export interface MotoOptions {
  logDir: string;
  port?: number;
}

/**
 * moto's server: the AWS APIs that discovery tests reach through the real
 * SDK clients (AWS_ENDPOINT_URL), on loopback, without its built-in images
 * (MOTO_EC2_LOAD_DEFAULT_AMIS=false). Its state is in memory: stopping it
 * forgets everything, and `POST /moto-api/reset` empties it while running.
 */
export async function startMoto(options: MotoOptions): Promise<RunningService> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.logDir, { recursive: true });
  const binary = motoBinary();
  if (!binary) throw new Error('moto is not installed: run `bash scripts/ensure-tools.sh`');
  const logFile = join(options.logDir, 'moto.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // No credentials nor region from the caller's environment reach it.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('error', (error) => log.write(`moto failed to start: ${error.message}\n`));
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(port, child, 'moto', logFile);
  // Listening is not answering yet: wait for its own API to reply.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/moto-api/data.json`)).ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`moto did not answer on ${url} within 30 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name: 'moto', port, pid: child.pid, url, stop: () => stopChild(child) };
}
