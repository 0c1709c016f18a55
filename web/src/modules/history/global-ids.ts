/**
 * Maestro's global ids are base64url of `Type:hex`. The dashboard reads the
 * type out of an id only to label what it cannot look up (an item the reader
 * may no longer see), and builds a user's or team's id from the `kind:hex`
 * keys that access changes record.
 */

const GLOBAL_ID = /^([A-Za-z]+):([0-9a-f]{24})$/;

export interface DecodedId {
  type: string;
  key: string;
}

/** The text a global id encodes (base64url); null when it is not base64url. */
export function globalIdText(id: string): string | null {
  try {
    const base64 = id.replace(/-/g, '+').replace(/_/g, '/');
    return atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  } catch {
    return null;
  }
}

/** The type and document key of a global id; null when it is not one. */
export function decodeGlobalId(id: string): DecodedId | null {
  const match = GLOBAL_ID.exec(globalIdText(id) ?? '');
  return match?.[1] && match[2] ? { type: match[1], key: match[2] } : null;
}

export function encodeGlobalId(type: string, key: string): string {
  return btoa(`${type}:${key}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
