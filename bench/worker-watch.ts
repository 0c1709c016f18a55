import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import { BACKGROUND } from './metrics.ts';

/**
 * Watching a worker that runs inside a benchmark's process: its MongoDB
 * commands (driver command monitoring) and its memory (process.memoryUsage
 * every 20 ms), with a full collection on demand.
 */

const root = resolve(import.meta.dirname, '..');
const SAMPLE_MS = 20;

/** A module of the built server (dist/), typed by its source. */
export function fromDist<T>(path: string): Promise<T> {
  return import(pathToFileURL(join(root, 'dist', path)).href) as Promise<T>;
}

/**
 * A full collection. The harness starts node without --expose-gc, so the
 * flag is set now and `gc` taken from a fresh context, where V8 installs it.
 */
export function collector(): { gc: () => void; how: string } {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own) return { gc: own, how: 'global.gc (node --expose-gc)' };
  setFlagsFromString('--expose-gc');
  return { gc: runInNewContext('gc') as () => void, how: 'gc exposed at run time (v8.setFlagsFromString("--expose-gc"))' };
}

/** The worker's MongoDB commands (in this process), by `command collection`, and their time. */
export class CommandWatch {
  counts = new Map<string, number>();
  /** Milliseconds inside commands, by the same keys (they run one after another in a run). */
  durations = new Map<string, number>();
  ms = 0;
  private readonly running = new Map<number, string>();

  constructor(client: MongoClient) {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (BACKGROUND.has(event.commandName)) return;
      const target = (event.commandName === 'getMore' ? event.command.collection : event.command[event.commandName]) as unknown;
      const key = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.running.set(event.requestId, key);
    });
    const done = (event: CommandSucceededEvent | CommandFailedEvent) => {
      const key = this.running.get(event.requestId);
      if (key === undefined) return;
      this.running.delete(event.requestId);
      this.ms += event.duration;
      this.durations.set(key, (this.durations.get(key) ?? 0) + event.duration);
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
  }

  reset(): void {
    this.counts = new Map();
    this.durations = new Map();
    this.ms = 0;
  }

  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}

/** Peaks of process.memoryUsage() every SAMPLE_MS, against the value when it started. */
export class MemoryWatch {
  private timer: NodeJS.Timeout | undefined;
  base = process.memoryUsage();
  peakRss = 0;
  peakHeap = 0;
  samples = 0;

  start(): void {
    this.base = process.memoryUsage();
    this.peakRss = this.base.rss;
    this.peakHeap = this.base.heapUsed;
    this.samples = 0;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.samples += 1;
    if (m.rss > this.peakRss) this.peakRss = m.rss;
    if (m.heapUsed > this.peakHeap) this.peakHeap = m.heapUsed;
  }

  /** The peaks, and the heap still in use after a full collection once the run has ended (what the run left behind). */
  stop(gc: () => void): { rssMb: number; heapMb: number; retainedHeapMb: number; baseRssMb: number; baseHeapMb: number; peakRssMb: number; peakHeapMb: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    const mb = (b: number) => b / 1024 / 1024;
    gc();
    const after = process.memoryUsage();
    return {
      rssMb: mb(this.peakRss - this.base.rss),
      heapMb: mb(this.peakHeap - this.base.heapUsed),
      retainedHeapMb: mb(after.heapUsed - this.base.heapUsed),
      baseRssMb: mb(this.base.rss),
      baseHeapMb: mb(this.base.heapUsed),
      peakRssMb: mb(this.peakRss),
      peakHeapMb: mb(this.peakHeap),
      samples: this.samples,
    };
  }
}

