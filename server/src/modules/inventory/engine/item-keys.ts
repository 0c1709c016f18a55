import { createHash } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import type { ActorData } from '../../history/change.model.js';
import type { ExternalKey, InventoryDoc, ItemLocks, SourceStamp } from './entity-def.js';

type Owner = InventoryDoc['owner'];

/** A short, fixed-size digest: keys of any length fit the unique index. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}

/** The key of an item a person created: its own id, unique by construction. */
export function idKey(id: ObjectId): string {
  return `i|${id.toHexString()}`;
}

/** The claim of an item an import created on its name, within its owner and type. */
export function nameKey(owner: Owner, type: string, nameLower: string): string {
  return `n|${digest(`${owner.kind}:${owner.id}|${type}|${nameLower}`)}`;
}

/** The key of a discovered item: its owner, type, and the provider's key. */
export function externalKey(owner: Owner, type: string, ext: ExternalKey): string {
  return `x|${digest(`${owner.kind}:${owner.id}|${type}|${ext.provider}|${ext.account}|${ext.region}|${ext.id}`)}`;
}

export function isNameClaim(key: string | undefined): boolean {
  return key?.startsWith('n|') ?? false;
}

/** How a field remembers the source that last set it. */
export function stampOf(actor: ActorData, at: Date): SourceStamp {
  return { kind: actor.kind, id: actor.id, name: actor.name ?? null, runId: actor.runId ?? null, at };
}

/** A source's key as a document field name (no dots). */
export function seenField(sourceKey: string): string {
  return sourceKey.replace(/\./g, '_');
}

/** The content hash of what a source says of an item: the same values give the same hash. */
export function contentHash(values: Record<string, unknown>): string {
  const keys = Object.keys(values).sort();
  return digest(JSON.stringify(keys.map((k) => [k, values[k] ?? null])));
}

/** Whether imports and discovery must leave `field` of an item as it is. */
export function isLocked(locks: ItemLocks | undefined, field: string): boolean {
  return !!locks && (locks.all || locks.fields.includes(field));
}
