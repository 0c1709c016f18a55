import { ObjectId } from 'mongodb';
import { z } from 'zod';
import { InputError } from '../graphql/errors.js';
import { MAX_TEXT } from '../graphql/input-limits.js';

/**
 * Cursors are opaque to clients: base64url of a JSON list of plain values.
 * A cursor comes back from the client, so it is decoded with the exact
 * types its list's order needs (text, number, date, id) and refused
 * otherwise: an object never comes out of a cursor, so a cursor can never
 * carry a query operator into a database filter.
 */

const HEX_ID = /^[0-9a-f]{24}$/;

/** The parts a cursor may hold, each decoded into exactly its type. */
export const cursorPart = {
  text: z.string().max(MAX_TEXT),
  /** A finite number (zod refuses NaN and infinities). */
  number: z.number(),
  /** A position or a revision. */
  count: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  boolean: z.boolean(),
  /** A valid date in ISO 8601 (as `Date.toISOString` writes it), decoded into a Date. */
  date: z.iso.datetime().transform((iso) => new Date(iso)),
  /** A document id (24 hex digits), decoded into an ObjectId. */
  id: z
    .string()
    .regex(HEX_ID)
    .transform((hex) => new ObjectId(hex)),
} as const;

export type CursorValue = string | number | boolean | Date | ObjectId | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  const wire = values.map((v) => (v instanceof Date ? v.toISOString() : v instanceof ObjectId ? v.toHexString() : v));
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

/** Decodes a cursor with `schema` (a tuple of cursor parts); anything else is BAD_USER_INPUT at `path`. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S, path = 'after'): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InputError(`${path} is not a cursor from this list.`, [{ path, message: 'is not a valid cursor' }]);
  return parsed.data;
}

/** Cursors of relation fields: the neighbour's lower-cased name and id, its place in name order. */
export const neighbourCursor = {
  encode: (at: { name: string; id: string }): string => encodeCursor([at.name, at.id]),
  decode: (cursor: string, path = 'after'): { name: string; id: string } => {
    const [name, id] = decodeCursor(cursor, z.tuple([cursorPart.text, cursorPart.id]), path);
    return { name, id: id.toHexString() };
  },
};
