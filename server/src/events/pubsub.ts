import type { GraphBuildEvent } from '../modules/graphs/graph.service.js';
import type { ReportRunEvent } from '../modules/reports/report.service.js';
import type { ScheduleRunEvent } from '../modules/schedules/schedule.service.js';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type { Redis } from 'ioredis';
import type { ChangeEvent } from '../modules/history/change.model.js';
import type { DiscoveryRunEvent } from '../modules/discovery/discovery-run.service.js';
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
  identityChanged: [{ userIds: string[]; /** Each API process that dropped them says so under this id (see IdentityAcks). */ eventId?: string }];
  notification: [NotificationEvent];
  /** A discovery run started, progressed (a job's attempt began or ended) or finished. */
  discoveryRunChanged: [DiscoveryRunEvent];
  /** A run of an HTTP schedule started or ended. */
  scheduleRunChanged: [ScheduleRunEvent];
  /** A report run was queued, moved on, or ended. */
  reportRunChanged: [ReportRunEvent];
  /** A graph build was queued, moved on, or ended. */
  graphBuildChanged: [GraphBuildEvent];
}

export type Topic = Exclude<keyof EventMap, number> & string;

/** Every topic an API process delivers to subscribers: their channels are subscribed at start. */
export const TOPICS = ['statusChanged', 'entityChanged', 'identityChanged', 'notification', 'discoveryRunChanged', 'scheduleRunChanged', 'reportRunChanged', 'graphBuildChanged'] as const satisfies readonly Topic[];

export interface EventBus extends PubSub<EventMap> {
  /** Listeners attached in this process right now, by topic (subscriptions and internal caches). */
  listenerCounts(): ReadonlyMap<string, number>;
  /**
   * Subscribes the Redis channel of every topic and keeps it subscribed, so
   * that a subscription started later receives every event published after
   * its listener is attached, with no Redis round trip in between.
   */
  listenAll(): Promise<void>;
}

type AnyEvent = CustomEvent<unknown>;

/** Redis channels are shared by every database of a server: prefix them. Counts listeners per topic. */
function prefixed(target: TypedEventTarget<AnyEvent>, prefix: string, counts: Map<string, number>): TypedEventTarget<AnyEvent> {
  const channel = (type: string) => `${prefix}:events:${type}`;
  const count = (type: string, delta: number) => counts.set(type, Math.max((counts.get(type) ?? 0) + delta, 0));
  return {
    addEventListener: (type, callback) => {
      target.addEventListener(channel(type), callback);
      if (callback) count(type, 1);
    },
    removeEventListener: (type, callback) => {
      target.removeEventListener(channel(type), callback);
      if (callback) count(type, -1);
    },
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(channel(event.type), { detail: event.detail })),
  };
}

/**
 * An event bus through Redis pub/sub: an event published by any process
 * (API or worker) reaches subscribers on every API process.
 */
export function createRedisEventBus(publishClient: Redis, subscribeClient: Redis, prefix: string): EventBus {
  const counts = new Map<string, number>();
  const target = createRedisEventTarget<AnyEvent>({ publishClient, subscribeClient });
  let listening: Promise<void> | undefined;
  return {
    ...createPubSub<EventMap>({ eventTarget: prefixed(target, prefix, counts) }),
    listenerCounts: () => counts,
    listenAll() {
      listening ??= (async () => {
        // A listener that never leaves keeps each channel subscribed when the last subscription ends.
        const keep = () => undefined;
        for (const topic of TOPICS) target.addEventListener(`${prefix}:events:${topic}`, keep);
        // Subscribing again is a no-op for Redis; awaiting it means every channel is live.
        await subscribeClient.subscribe(...TOPICS.map((topic) => `${prefix}:events:${topic}`));
      })();
      return listening;
    },
  };
}

/** An in-process bus, for emitting the schema without Redis. */
export function createLocalEventBus(): EventBus {
  const counts = new Map<string, number>();
  return { ...createPubSub<EventMap>(), listenerCounts: () => counts, listenAll: () => Promise.resolve() };
}
