import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets Maestro stores (cloud credentials, webhook headers), encrypted at
 * rest with AES-256-GCM: a random 12-byte IV per value, the 16-byte
 * authentication tag, and the id of the key that sealed it, so that keys can
 * be rotated: the first key of MAESTRO_ENCRYPTION_KEYS seals, every key
 * listed opens. The version and key id are authenticated too (additional
 * data), so a stored value cannot be moved to another key's name.
 */

/** A sealed secret as stored: every part base64. */
export interface SealedSecret {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why a secret could not be opened; its message never holds key material nor the value. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Parses `kid:base64key,kid:base64key…`. Throws with a message that names
 * the problem (and the key's position) but never echoes a key.
 */
export function parseEncryptionKeys(text: string): EncryptionKey[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new SecretBoxError('must list at least one key, as kid:base64key');
  const keys: EncryptionKey[] = [];
  parts.forEach((part, i) => {
    const at = `key ${i + 1}`;
    const colon = part.indexOf(':');
    if (colon < 0) throw new SecretBoxError(`${at} must look like kid:base64key`);
    const kid = part.slice(0, colon);
    const encoded = part.slice(colon + 1);
    if (!KID.test(kid)) throw new SecretBoxError(`${at}: its id must be 1 to 32 letters, digits, - or _`);
    if (!BASE64.test(encoded)) throw new SecretBoxError(`${at}: the key must be base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`${at}: the key must be ${KEY_BYTES} bytes (e.g. openssl rand -base64 32)`);
    if (keys.some((k) => k.kid === kid)) throw new SecretBoxError(`${at}: the id ${kid} is listed twice`);
    keys.push({ kid, key });
  });
  return keys;
}

/** A new key list of one random key, as `kid:base64key`. */
export function generateEncryptionKeys(kid = 'k1'): string {
  return `${kid}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

function additionalData(kid: string): Buffer {
  return Buffer.from(`maestro-secret:v1:${kid}`, 'utf8');
}

export class SecretBox {
  private readonly byId: ReadonlyMap<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new SecretBoxError('no encryption key');
    for (const k of keys) if (k.key.length !== KEY_BYTES) throw new SecretBoxError(`key ${k.kid} must be ${KEY_BYTES} bytes`);
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.kid, k.key]));
  }

  /** The id of the key that seals new values. */
  get currentKid(): string {
    return this.current.kid;
  }

  seal(plaintext: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(this.current.kid));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { v: 1, kid: this.current.kid, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  open(sealed: SealedSecret): string {
    if (sealed?.v !== 1) throw new SecretBoxError('the stored secret has an unknown format');
    const key = this.byId.get(sealed.kid);
    if (!key) throw new SecretBoxError(`the stored secret was sealed with key ${sealed.kid}, which MAESTRO_ENCRYPTION_KEYS does not list`);
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('the stored secret is damaged');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(sealed.kid));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`the stored secret does not open with key ${sealed.kid}: it was changed, or the key is not the one that sealed it`);
    }
  }

  /** Whether `sealed` was sealed with an older key (rotation: seal it again). */
  isStale(sealed: SealedSecret): boolean {
    return sealed.kid !== this.current.kid;
  }
}
