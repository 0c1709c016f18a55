/**
 * Where the local stack of `npm start` is: it writes the URLs of the servers
 * it started to .data/stack.json while it runs, so that `npm run seed`
 * reaches the same database.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface StackUrls {
  MONGO_URL: string;
  REDIS_URL: string;
  pid: number;
}

/** Where the local servers keep their data: `.data/`, or MAESTRO_DATA_DIR when set. */
export function localDataDir(root: string): string {
  return process.env.MAESTRO_DATA_DIR ? resolve(process.env.MAESTRO_DATA_DIR) : join(root, '.data');
}

export function stackFile(root: string): string {
  return join(localDataDir(root), 'stack.json');
}

export function writeStack(root: string, urls: StackUrls): void {
  writeFileSync(stackFile(root), `${JSON.stringify(urls, null, 2)}\n`);
}

export function clearStack(root: string): void {
  rmSync(stackFile(root), { force: true });
}

/** The running local stack, if its process is still alive. */
export function readStack(root: string): StackUrls | undefined {
  const file = stackFile(root);
  if (!existsSync(file)) return undefined;
  try {
    const urls = JSON.parse(readFileSync(file, 'utf8')) as StackUrls;
    process.kill(urls.pid, 0);
    return urls;
  } catch {
    return undefined;
  }
}
