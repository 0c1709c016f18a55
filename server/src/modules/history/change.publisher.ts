import type { EventBus } from '../../events/pubsub.js';
import { toGlobalId } from '../../shared/ids.js';
import type { ChangeEvent } from './change.model.js';
import type { ChangeRecord } from './history.repository.js';

/** A recorded change as it travels to subscribers and clients. */
export function eventOf(record: ChangeRecord): ChangeEvent {
  return {
    id: record._id,
    entityType: record.entityType,
    entityId: toGlobalId(record.entityType, record.entityId),
    operation: record.operation,
    at: record.at.toISOString(),
    actor: record.actor,
    diff: record.diff,
    readers: record.readers,
  };
}

/** Publishes recorded changes on the event bus, for `entityChanged` subscribers on every API process. */
export class ChangePublisher {
  constructor(private readonly events: EventBus) {}

  publishRecord(record: ChangeRecord): void {
    this.events.publish('entityChanged', eventOf(record));
  }
}
