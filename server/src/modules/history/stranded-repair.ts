import type { RelationService } from '../relations/relation.service.js';
import type { HistoryService } from './history.service.js';

export interface StrandedRepairResult {
  /** Changes recorded from entities that still carried them. */
  changes: number;
  /** Changes recorded from the journal of bulk creations. */
  journalled: number;
  /** Links and unlinks finished on their two ends. */
  relations: number;
}

/**
 * Records every change a crash kept from being recorded: changes left on
 * their entity, bulk creations left in the journal, links and unlinks left
 * half-recorded. Only writes older than `graceMs` are touched: a younger
 * one may belong to a process still writing it, which records it itself, so
 * the repair never races a live write. Idempotent, and safe beside other
 * processes doing the same. The one rule behind the start-up repair and the
 * periodic one on the maintenance queue.
 */
export async function repairStrandedChanges(history: HistoryService, relations: RelationService, graceMs: number): Promise<StrandedRepairResult> {
  const madeBefore = new Date(Date.now() - graceMs);
  const { changes, journalled } = await history.repair(madeBefore);
  return { changes, journalled, relations: await relations.repair(madeBefore) };
}
