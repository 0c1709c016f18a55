import { repairStrandedChanges } from '../../../server/src/modules/history/stranded-repair.js';
import { processorOf, type Processor, type ProcessorEntry } from '../registry.js';

/**
 * The periodic repair of history (a job scheduler on the maintenance queue,
 * every HISTORY_REPAIR_INTERVAL_MS): records the changes a crash kept from
 * being recorded, once older than HISTORY_REPAIR_GRACE_MS. The same rule as
 * the start-up repair; idempotent, so two runs at once or one run twice
 * record each change once.
 */
const repairHistory: Processor<'repair-history'> = async (_job, { services, config, logger }) => {
  const result = await repairStrandedChanges(services.history, config.historyRepairGraceMs);
  if (result.changes + result.journalled > 0) logger.warn(result, 'repair recorded stranded changes');
  return result;
};

export const repairHistoryProcessors: ProcessorEntry[] = [processorOf('maintenance', 'repair-history', repairHistory)];
