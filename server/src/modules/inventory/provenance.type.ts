import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Actor, toActor } from '../history/change.type.js';
import type { InventoryDoc, SourceStamp } from './engine/entity-def.js';

@ObjectType({ description: 'Which source last set a field of an item, and when.' })
export class FieldProvenance {
  @Field(() => String)
  field!: string;

  @Field(() => Actor, { description: 'A user, an import, a discovery connection, or Maestro itself.' })
  source!: Actor;

  @Field(() => Date)
  at!: Date;
}

@ObjectType({ description: 'Fields imports and discovery must leave as they are. People can still edit them.' })
export class ItemLocksType {
  @Field(() => Boolean, { description: 'The whole item: every field, and whether it is active.' })
  all!: boolean;

  @Field(() => [String])
  fields!: string[];
}

@InputType({ description: 'Fields of an item to lock or unlock against imports and discovery.' })
export class LockInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [String], { nullable: true, description: 'Field names, e.g. ["cpu", "role"].' })
  fields?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'The whole item.' })
  all?: boolean | null;
}

function sourceOf(stamp: SourceStamp): Actor {
  return toActor({ kind: stamp.kind, id: stamp.id, name: stamp.name, userId: stamp.kind === 'USER' ? stamp.id : null, workspaceTeamId: null, runId: stamp.runId ?? null });
}

/** An item's provenance, field by field in the type's order. */
export function provenanceOf(doc: InventoryDoc, fieldOrder: readonly string[]): FieldProvenance[] {
  const stamps = doc.provenance ?? {};
  return fieldOrder
    .filter((f) => Object.hasOwn(stamps, f))
    .map((field) => Object.assign(new FieldProvenance(), { field, source: sourceOf(stamps[field]!), at: stamps[field]!.at }));
}

export function originOf(doc: InventoryDoc): Actor | null {
  return doc.origin ? sourceOf(doc.origin) : null;
}

export function locksOf(doc: InventoryDoc): ItemLocksType {
  return Object.assign(new ItemLocksType(), { all: doc.locks?.all ?? false, fields: doc.locks?.fields ?? [] });
}
