import { ObjectId } from 'mongodb';
import { InputError } from '../graphql/errors.js';

/**
 * Global ids: opaque strings that name the type and the document,
 * base64url of `Type:hex`. `node(id)` resolves any of them.
 */
export function toGlobalId(type: string, id: ObjectId | string): string {
  return Buffer.from(`${type}:${typeof id === 'string' ? id : id.toHexString()}`).toString('base64url');
}

export function fromGlobalId(globalId: string, path = 'id'): { type: string; id: ObjectId } {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([0-9a-f]{24})$/.exec(decoded);
  if (!match) throw new InputError(`${path} is not a Maestro id.`, [{ path, message: 'is not a Maestro id' }]);
  return { type: match[1]!, id: new ObjectId(match[2]!) };
}

/** Decodes a global id that must be of `type`. */
export function idOfType(globalId: string, type: string, path = 'id'): ObjectId {
  const decoded = fromGlobalId(globalId, path);
  if (decoded.type !== type) {
    throw new InputError(`${path} is not the id of a ${type}.`, [{ path, message: `must be the id of a ${type}` }]);
  }
  return decoded.id;
}
