import type { EventBus } from '../../events/pubsub.js';
import { toGlobalId } from '../../shared/ids.js';
import type { ChangeEvent } from './change.model.js';
import type { ChangeRecord } from './history.repository.js';

/**
 * A recorded change as it travels to subscribers and clients. A change of a
 * link is the edge's (`Relation`, the id `link` answers), with the global
 * ids of its two ends; `seenFrom` shows it as a change of one end.
 */
export function eventOf(record: ChangeRecord): ChangeEvent {
  const event: ChangeEvent = {
    id: record._id,
    entityType: record.entityType,
    entityId: toGlobalId(record.entityType, record.entityId),
    operation: record.operation,
    at: record.at.toISOString(),
    actor: record.actor,
    diff: record.diff,
    readers: record.readers,
  };
  if (record.ends && record.endTypes) event.ends = record.ends.map((hex, i) => toGlobalId(record.endTypes![i]!, hex));
  return event;
}

/** The type of an end's global id (base64url of `Type:hex`). */
export function typeOfEnd(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[0]!;
}

/**
 * A change of a link as a change of one of its ends (a global id among
 * `event.ends`): that end's entity, and only its side of the diff
 * (`relations.<KIND>.out` on `from`, `.in` on `to`), whose value names the
 * other end, as it used to read when a link was recorded on each end. Any
 * other change, or an end that is not one of the link's, is left as it is.
 *
 * The history of an item shows its links' changes from the item; activity
 * and live changes from the first end the reader can read (see the
 * resolvers), so that they never name an end the reader cannot.
 */
export function seenFrom(event: ChangeEvent, end: string | null | undefined): ChangeEvent {
  const side = end && event.ends ? event.ends.indexOf(end) : -1;
  if (side < 0) return event;
  const direction = side === 0 ? '.out' : '.in';
  return { ...event, entityType: typeOfEnd(end!), entityId: end!, diff: event.diff.filter((d) => d.path.endsWith(direction)) };
}

/** Publishes recorded changes on the event bus, for `entityChanged` subscribers on every API process. */
export class ChangePublisher {
  constructor(private readonly events: EventBus) {}

  publishRecord(record: ChangeRecord): void {
    this.events.publish('entityChanged', eventOf(record));
  }
}
