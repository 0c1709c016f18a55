import { randomUUID } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import type { EventBus } from '../../events/pubsub.js';
import { toGlobalId } from '../../shared/ids.js';
import type { AccessArrays } from '../access/access.model.js';
import type { Scope } from '../access/scope.js';
import type { ChangeEvent, FieldChangeData, Operation } from './change.model.js';

/** Publishes entity changes on the event bus, for `entityChanged` subscribers on every API process. */
export class ChangePublisher {
  constructor(private readonly events: EventBus) {}

  publish(input: {
    entityType: string;
    entityId: ObjectId;
    operation: Operation;
    scope: Scope;
    diff: FieldChangeData[];
    access: AccessArrays;
    actorKind?: 'USER' | 'IMPORT';
  }): ChangeEvent {
    const event: ChangeEvent = {
      id: randomUUID(),
      entityType: input.entityType,
      entityId: toGlobalId(input.entityType, input.entityId),
      operation: input.operation,
      at: new Date().toISOString(),
      actor: { kind: input.actorKind ?? 'USER', id: input.scope.userId, workspaceTeamId: input.scope.workspaceTeamId },
      diff: input.diff,
      readers: input.access.read,
    };
    this.events.publish('entityChanged', event);
    return event;
  }
}
