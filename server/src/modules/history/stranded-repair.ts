import type { HistoryService } from './history.service.js';

export interface StrandedRepairResult {
  /** Changes recorded from entities that still carried them: items, and edges (links and unlinks). */
  changes: number;
  /** Changes recorded from the journal of bulk creations. */
  journalled: number;
}

/**
 * Records every change a crash kept from being recorded: changes left on
 * their entity (in every registered change store, edges included) and bulk
 * creations left in the journal. Only writes older than `graceMs` are
 * touched: a younger one may belong to a process still writing it, which
 * records it itself, so the repair never races a live write. Idempotent, and
 * safe beside other processes doing the same. The one rule behind the
 * start-up repair and the periodic one on the maintenance queue.
 */
export async function repairStrandedChanges(history: HistoryService, graceMs: number): Promise<StrandedRepairResult> {
  return history.repair(new Date(Date.now() - graceMs));
}
