import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, stopChild } from '../../scripts/lib/services.ts';
import { testEnv } from './env.ts';

/**
 * Runs real Maestro processes for a test: API processes and a worker, from
 * the built `dist/` (npm test builds first), on the throwaway MongoDB and
 * Redis of the run. Their logs go to test-results/logs/.
 */

const ROOT = process.cwd();
const LOG_DIR = join(ROOT, 'test-results', 'logs');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Lines the process has printed so far (JSON logs). */
  output: string[];
  /** SIGTERM and wait: a graceful stop. */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface ApiProcess extends ManagedProcess {
  url: string;
  wsUrl: string;
  port: number;
}

function run(label: string, script: string, env: Record<string, string>): ManagedProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${label}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name: label,
    child,
    output,
    exited,
    stop: () => stopChild(child, 15_000),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, proc: ManagedProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      throw new Error(`${proc.name} exited (${proc.child.exitCode}) before ${what}:\n${proc.output.slice(-20).join('\n')}`);
    }
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${proc.name}: timed out waiting for ${what}:\n${proc.output.slice(-20).join('\n')}`);
}

export async function startApi(env: Record<string, string>, label = 'api'): Promise<ApiProcess> {
  const port = await freePort();
  const proc = run(label, 'dist/server/src/main.js', { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    'GET /healthz',
    proc,
  );
  return { ...proc, url, wsUrl: `ws://127.0.0.1:${port}/graphql`, port };
}

export async function startWorker(env: Record<string, string>, label = 'worker'): Promise<ManagedProcess> {
  const proc = run(label, 'dist/workers/src/main.js', env);
  await waitFor(() => proc.output.some((line) => line.includes('"worker started"')), 'the worker to start', proc);
  return proc;
}

export interface Stack {
  env: Record<string, string>;
  apis: ApiProcess[];
  worker: ManagedProcess | undefined;
  startWorker(): Promise<ManagedProcess>;
  stop(): Promise<void>;
}

/** API processes (default 1) and optionally a worker, sharing one database and prefix. */
export async function startStack(options: { label?: string; apis?: number; worker?: boolean; env?: Record<string, string> } = {}): Promise<Stack> {
  const label = options.label ?? 'stack';
  // Info logs: the harness waits for start-up lines, and they land in test-results/logs.
  const env = testEnv(label, { LOG_LEVEL: 'info', ...options.env });
  const apis: ApiProcess[] = [];
  const stack: Stack = {
    env,
    apis,
    worker: undefined,
    async startWorker() {
      const worker = await startWorker(env, `${label}-worker-${Date.now()}`);
      stack.worker = worker;
      return worker;
    },
    async stop() {
      await Promise.all([...apis.map((a) => a.stop()), stack.worker?.stop()]);
    },
  };
  try {
    for (let i = 0; i < (options.apis ?? 1); i += 1) apis.push(await startApi(env, `${label}-api-${i}`));
    if (options.worker ?? true) await stack.startWorker();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

/** POSTs a GraphQL operation and returns the parsed body. */
export async function gql<T = unknown>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}
