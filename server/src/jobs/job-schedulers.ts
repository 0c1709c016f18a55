import type { Queue } from 'bullmq';

/** When a BullMQ job scheduler adds its jobs: every `every` ms, or on a cron pattern in a time zone. */
export type SchedulerTiming = { every: number } | { pattern: string; tz: string };

export interface SchedulerTemplate {
  name: string;
  data: unknown;
}

/**
 * Makes the job scheduler `id` tick as `timing` says. An upsert adds a tick
 * at once, so a scheduler already as wanted is left alone (any process may
 * call this, at every start), and a new or changed interval's first tick is
 * one interval away.
 */
export async function ensureScheduler(queue: Queue, id: string, timing: SchedulerTiming, template: SchedulerTemplate): Promise<void> {
  const current = await queue.getJobScheduler(id);
  if ('every' in timing ? current?.every === timing.every : current?.pattern === timing.pattern && (current.tz ?? 'UTC') === timing.tz) return;
  const repeat = 'every' in timing ? { every: timing.every, startDate: Date.now() + timing.every } : timing;
  await queue.upsertJobScheduler(id, repeat, { ...template, opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } });
}

/** Removes the job schedulers whose ids start with `prefix` and are not in `keep` (those of things that are gone). */
export async function pruneSchedulers(queue: Queue, prefix: string, keep: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    const id = scheduler.id ?? scheduler.key;
    if (id.startsWith(prefix) && !keep.has(id)) {
      await queue.removeJobScheduler(id);
      removed += 1;
    }
  }
  return removed;
}

/** When the job scheduler `id` ticks next; null when there is none. */
export async function nextTick(queue: Queue, id: string): Promise<Date | null> {
  const scheduler = await queue.getJobScheduler(id);
  return scheduler?.next ? new Date(scheduler.next) : null;
}
