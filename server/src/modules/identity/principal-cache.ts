import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import type { EventBus } from '../../events/pubsub.js';
import type { Role } from '../access/access.model.js';
import { Scope } from '../access/scope.js';
import type { TeamRepository } from '../teams/team.repository.js';
import type { IdentityRepository, UserProfile } from './identity.repository.js';

/** Who a user is, as every request and subscription event needs it. */
export interface Identity {
  /** The user's document without the password hash; its session version says which tokens still work. */
  user: UserProfile;
  /** Team id → the user's role in that team. */
  teams: ReadonlyMap<string, Role>;
  /** The principals the user reads through: themselves and their teams. */
  readers: ReadonlySet<string>;
}

interface Slot {
  /** Moves on every invalidation: a load only keeps what it read if none came meanwhile. */
  generation: number;
  /** The identity read for this generation; undefined until read (null: no such user). */
  value?: Identity | null;
  loading?: Promise<Identity | null>;
}

const MAX_USERS = 100_000;

/**
 * Each user's identity (profile, session version, teams), cached per API
 * process, so that an authenticated request costs no database command in
 * the steady state. Every change to a user's sessions, profile or teams
 * drops their entry in this process at once (`invalidate`) and in every
 * other one through Redis (`identityChanged` on the event bus); Redis
 * pub/sub keeps nothing, so after the subscriber reconnects everything is
 * dropped (`clear`). A read that an invalidation overtook is not kept.
 */
export class PrincipalCache {
  private readonly slots = new Map<string, Slot>();
  private readonly listeners: Array<(userIds: readonly string[]) => void> = [];
  private stopped = false;

  constructor(
    private readonly users: IdentityRepository,
    private readonly teams: TeamRepository,
    private readonly events: EventBus,
    private readonly logger: Logger,
    /** Tells the process that made a change that this one has dropped what it held. */
    private readonly acknowledge: (eventId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Called after another process said these users changed, once their entries are gone. */
  onInvalidated(listener: (userIds: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Listens for invalidations from every process until `stop()`. */
  start(): void {
    void (async () => {
      const stream = this.events.subscribe('identityChanged');
      for await (const event of stream) {
        if (this.stopped) break;
        this.invalidate(event.userIds);
        for (const listener of this.listeners) listener(event.userIds);
        if (event.eventId) void this.acknowledge(event.eventId).catch((error: unknown) => this.logger.warn({ err: error }, 'could not acknowledge an identity change'));
      }
    })().catch((error: unknown) => this.logger.warn({ err: error }, 'principal cache listener stopped'));
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** Forgets these users: their next request reads them afresh, and reads in flight are not kept. */
  invalidate(userIds: readonly string[]): void {
    for (const userId of userIds) {
      const slot = this.slots.get(userId);
      if (!slot) continue;
      slot.generation += 1;
      slot.value = undefined;
      slot.loading = undefined;
    }
  }

  /** Forgets everyone. */
  clear(): void {
    this.slots.clear();
  }

  /** The user's identity, or null when the user does not exist. */
  identity(userId: string): Promise<Identity | null> {
    let slot = this.slots.get(userId);
    if (!slot) {
      slot = { generation: 0 };
      this.slots.set(userId, slot);
      if (this.slots.size > MAX_USERS) this.slots.delete(this.slots.keys().next().value!);
    }
    if (slot.value !== undefined) return Promise.resolve(slot.value);
    slot.loading ??= this.load(userId, slot);
    return slot.loading;
  }

  /** The identity behind a token's session, or null when that session has ended (logout, password change) or the user is gone. */
  async session(userId: string, sessionVersion: number): Promise<Identity | null> {
    const identity = await this.identity(userId);
    return identity && identity.user.sessionVersion === sessionVersion ? identity : null;
  }

  private async load(userId: string, slot: Slot): Promise<Identity | null> {
    const generation = slot.generation;
    try {
      const [user, teams] = await Promise.all([this.users.findProfileById(new ObjectId(userId)), this.teams.membershipsOf(userId)]);
      const identity = user ? { user, teams, readers: new Set(new Scope(userId, teams).principalsFor('read')) } : null;
      if (slot.generation === generation && this.slots.get(userId) === slot) slot.value = identity;
      return identity;
    } finally {
      if (slot.generation === generation) slot.loading = undefined;
    }
  }
}
