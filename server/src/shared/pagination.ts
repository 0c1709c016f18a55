import { ObjectId } from 'mongodb';
import { InputError } from '../graphql/errors.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

export function pageSize(first: number | null | undefined, path = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new InputError(`${path} must be between 0 and ${MAX_PAGE}.`, [{ path, message: `must be between 0 and ${MAX_PAGE}` }]);
  }
  return first;
}

/** Cursors are opaque: base64url of the last document's id. */
export function encodeCursor(id: ObjectId): string {
  return Buffer.from(`c:${id.toHexString()}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, path = 'after'): ObjectId | undefined {
  if (!cursor) return undefined;
  const match = /^c:([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InputError(`${path} is not a cursor from this list.`, [{ path, message: 'is not a valid cursor' }]);
  return new ObjectId(match[1]!);
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}
