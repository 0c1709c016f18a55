/** Reads the API's own MongoDB command metrics, to count commands and time inside them per request. */

export interface MongoCounters {
  /** Commands issued, by command name. */
  count: Map<string, number>;
  /** Seconds spent inside them, by command name (overlapping commands add up). */
  seconds: Map<string, number>;
  /** Wall-clock seconds with at least one command in flight. */
  busy: number;
}

/** Commands the driver and the status monitor issue on their own; not part of any request. */
export const BACKGROUND = new Set(['ping', 'hello', 'isMaster', 'ismaster', 'endSessions']);

/** Commands that write on the server. */
export const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

export async function readMongoCounters(url: string): Promise<MongoCounters> {
  return parseMongoCounters(await (await fetch(`${url}/metrics`)).text());
}

/** The same figures from metrics text in the Prometheus format (a process's GET /metrics, or a registry of this one). */
export function parseMongoCounters(text: string): MongoCounters {
  const count = new Map<string, number>();
  const seconds = new Map<string, number>();
  const busyLine = /^maestro_mongodb_busy_seconds_total ([0-9.e+-]+)$/m.exec(text);
  const line = /^maestro_mongodb_command_duration_seconds_(count|sum)\{command="([^"]+)",outcome="[^"]+"\} ([0-9.e+-]+)$/;
  for (const row of text.split('\n')) {
    const match = line.exec(row);
    if (!match || BACKGROUND.has(match[2]!)) continue;
    const target = match[1] === 'count' ? count : seconds;
    target.set(match[2]!, (target.get(match[2]!) ?? 0) + Number(match[3]));
  }
  return { count, seconds, busy: busyLine ? Number(busyLine[1]) : 0 };
}

export function difference(
  after: MongoCounters,
  before: MongoCounters,
): { commands: number; seconds: number; busySeconds: number; byCommand: Record<string, number>; secondsByCommand: Record<string, number> } {
  let commands = 0;
  let seconds = 0;
  const byCommand: Record<string, number> = {};
  const secondsByCommand: Record<string, number> = {};
  for (const [name, value] of after.count) {
    const delta = value - (before.count.get(name) ?? 0);
    if (delta > 0) byCommand[name] = delta;
    commands += delta;
  }
  for (const [name, value] of after.seconds) {
    const delta = value - (before.seconds.get(name) ?? 0);
    if (delta > 0) secondsByCommand[name] = delta;
    seconds += delta;
  }
  return { commands, seconds, busySeconds: after.busy - before.busy, byCommand, secondsByCommand };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** CPU seconds (user + system) the API process has used so far, from its own metrics. */
export async function readProcessCpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^maestro_process_cpu_seconds_total ([0-9.e+-]+)$/m.exec(text);
  if (!match) throw new Error('the API reports no maestro_process_cpu_seconds_total');
  return Number(match[1]);
}
