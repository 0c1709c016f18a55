import type { Scope } from '../access/scope.js';
import type { ActorData } from './change.model.js';

/** A person writing through the API, in the workspace they act in. */
export function userActor(scope: Scope): ActorData {
  return { kind: 'USER', id: scope.userId, userId: scope.userId, workspaceTeamId: scope.workspaceTeamId, runId: null };
}

/** An import a person ran: every change it makes carries the import's id as its run. */
export function importActor(scope: Scope, importId: string, name: string): ActorData {
  return { kind: 'IMPORT', id: importId, name, userId: scope.userId, workspaceTeamId: scope.workspaceTeamId, runId: importId };
}

/** A discovery connection, during one of its runs. */
export function discoveryActor(connection: { id: string; name: string; workspaceTeamId: string | null }, runId: string): ActorData {
  return { kind: 'DISCOVERY', id: connection.id, name: connection.name, userId: null, workspaceTeamId: connection.workspaceTeamId, runId };
}

/** Maestro itself (the demo seed, a repair), under a name that says which part. */
export function systemActor(name: string, runId: string | null = null, workspaceTeamId: string | null = null): ActorData {
  return { kind: 'SYSTEM', id: null, name, userId: null, workspaceTeamId, runId };
}

/** A key naming a source, as provenance and reconcile store it: `USER:<id>`, `IMPORT:<id>`, `DISCOVERY:<id>`, `SYSTEM:<name>`. */
export function sourceKeyOf(actor: ActorData): string {
  return `${actor.kind}:${actor.id ?? actor.name ?? ''}`;
}
