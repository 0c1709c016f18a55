import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type { Redis } from 'ioredis';
import type { ChangeEvent } from '../modules/history/change.model.js';
import type { NotificationEvent } from '../modules/notifications/notification.model.js';
import type { StatusReport } from '../modules/status/status.model.js';

/**
 * Topics and their payloads. Payloads cross Redis as JSON: dates travel as
 * ISO strings and are turned back into objects by the subscription resolvers.
 */
export interface EventMap {
  [key: string]: [unknown];
  statusChanged: [StatusReport];
  entityChanged: [ChangeEvent];
  /** A user's teams or sessions changed: caches of what they may read must go. */
  identityChanged: [{ userIds: string[] }];
  notification: [NotificationEvent];
}

export type Topic = Exclude<keyof EventMap, number> & string;
export type EventBus = PubSub<EventMap>;

type AnyEvent = CustomEvent<unknown>;

/** Redis channels are shared by every database of a server: prefix them. */
function prefixed(target: TypedEventTarget<AnyEvent>, prefix: string): TypedEventTarget<AnyEvent> {
  const channel = (type: string) => `${prefix}:events:${type}`;
  return {
    addEventListener: (type, callback) => target.addEventListener(channel(type), callback),
    removeEventListener: (type, callback) => target.removeEventListener(channel(type), callback),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(channel(event.type), { detail: event.detail })),
  };
}

/**
 * An event bus through Redis pub/sub: an event published by any process
 * (API or worker) reaches subscribers on every API process.
 */
export function createRedisEventBus(publishClient: Redis, subscribeClient: Redis, prefix: string): EventBus {
  const target = createRedisEventTarget<AnyEvent>({ publishClient, subscribeClient });
  return createPubSub<EventMap>({ eventTarget: prefixed(target, prefix) });
}

/** An in-process bus, for emitting the schema without Redis. */
export function createLocalEventBus(): EventBus {
  return createPubSub<EventMap>();
}
