import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import type { EventBus } from '../../events/pubsub.js';
import { Scope } from '../access/scope.js';
import type { TeamRepository } from '../teams/team.repository.js';
import type { IdentityRepository } from './identity.repository.js';

interface Entry {
  sessionVersion: number;
  principals: ReadonlySet<string>;
}

/**
 * What each user may read through, for long-lived subscriptions: the
 * principals of a user (themselves and their teams) and their session
 * version, cached per API process and dropped the moment any process says
 * the user's teams or sessions changed (`identityChanged` on the event bus).
 * Each event sent to a subscriber is checked against it, so a thousand
 * subscribers cost a lookup per user, not per subscriber and event.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Promise<Entry | null>>();
  private readonly listeners: Array<(userIds: string[]) => void> = [];
  private stopped = false;

  /** Called after the entries of these users were dropped. */
  onInvalidated(listener: (userIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  constructor(
    private readonly users: IdentityRepository,
    private readonly teams: TeamRepository,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Listens for invalidations until `stop()`. */
  start(): void {
    void (async () => {
      const stream = this.events.subscribe('identityChanged');
      for await (const event of stream) {
        if (this.stopped) break;
        for (const userId of event.userIds) this.entries.delete(userId);
        for (const listener of this.listeners) listener(event.userIds);
      }
    })().catch((error: unknown) => this.logger.warn({ err: error }, 'principal cache listener stopped'));
  }

  stop(): void {
    this.stopped = true;
    this.entries.clear();
  }

  /** The principals `userId` reads through, or null when that session has ended. */
  async principals(userId: string, sessionVersion: number): Promise<ReadonlySet<string> | null> {
    let entry = this.entries.get(userId);
    if (!entry) {
      entry = this.load(userId);
      this.entries.set(userId, entry);
      if (this.entries.size > 100_000) this.entries.delete(this.entries.keys().next().value!);
    }
    const found = await entry;
    return found && found.sessionVersion === sessionVersion ? found.principals : null;
  }

  private async load(userId: string): Promise<Entry | null> {
    const [user, teams] = await Promise.all([this.users.findUserById(new ObjectId(userId)), this.teams.membershipsOf(userId)]);
    if (!user) return null;
    return { sessionVersion: user.sessionVersion, principals: new Set(new Scope(userId, teams).principalsFor('read')) };
  }
}
