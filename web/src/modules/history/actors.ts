import type { ActorKind, ActorViewFragment } from '../../gql/graphql.ts';

/**
 * Who or what changed something, in words: a person, an import, a discovery
 * connection, or Maestro itself. History, activity and the item page's
 * "set by" labels all read actors through here.
 */

export const ACTOR_KINDS: readonly ActorKind[] = ['USER', 'IMPORT', 'DISCOVERY', 'SYSTEM'];

/** The kinds as the activity filter offers them. */
export const ACTOR_KIND_LABELS: Readonly<Record<ActorKind, string>> = {
  USER: 'People',
  IMPORT: 'Imports',
  DISCOVERY: 'Discovery',
  SYSTEM: 'Maestro',
};

export function isActorKind(value: string): value is ActorKind {
  return (ACTOR_KINDS as readonly string[]).includes(value);
}

/** The person behind an actor is the reader: the user, or who ran the import. */
export function isMe(actor: ActorViewFragment, meId: string | null | undefined): boolean {
  if (!meId) return false;
  return actor.kind === 'USER' ? actor.id === meId || actor.personId === meId : false;
}

/**
 * Who made a change, to follow "by": "you", the user's name, "import #12",
 * "aws-prod (discovery)", "Maestro (seed)".
 */
export function actorLabel(actor: ActorViewFragment, meId: string | null | undefined): string {
  switch (actor.kind) {
    case 'USER':
      return isMe(actor, meId) ? 'you' : (actor.name ?? 'a deleted user');
    case 'IMPORT':
      return actor.name ?? 'an import';
    case 'DISCOVERY':
      return actor.name ? `${actor.name} (discovery)` : 'discovery';
    case 'SYSTEM':
      return actor.name ? `Maestro (${actor.name})` : 'Maestro';
  }
}

/** The run whose changes an actor's label links to: an import's (a discovery run is not linked from each change). */
export function linkedRunId(actor: ActorViewFragment): string | null {
  return actor.kind === 'IMPORT' ? actor.runId : null;
}

/** What a run's changes are called: "import #12", "a run of aws-prod (discovery)". */
export function runLabel(actor: ActorViewFragment | null | undefined): string {
  if (!actor) return 'one run';
  if (actor.kind === 'IMPORT') return actor.name ?? 'one import';
  if (actor.kind === 'DISCOVERY') return actor.name ? `one discovery run of ${actor.name}` : 'one discovery run';
  return `one run of ${actorLabel(actor, null)}`;
}

/** The label of the chip the Activity page shows while it keeps to one run: "Changes of import #12". */
export function runChipLabel(runId: string, actors: Iterable<ActorViewFragment>): string {
  for (const actor of actors) if (actor.runId === runId) return `Changes of ${runLabel(actor)}`;
  return `Changes of ${runLabel(null)}`;
}
