import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEncryptionKeys, parseEncryptionKeys, SecretBox, SecretBoxError } from './secret-box.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

function keyList(...kids: string[]): string {
  return kids.map((kid) => `${kid}:${randomBytes(32).toString('base64')}`).join(',');
}

describe('SecretBox', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const box = new SecretBox(parseEncryptionKeys(keyList('k1')));
    const a = box.seal(SECRET);
    const b = box.seal(SECRET);
    expect(box.open(a)).toBe(SECRET);
    expect(box.open(b)).toBe(SECRET);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a).toMatchObject({ v: 1, kid: 'k1' });
  });

  it('keeps no plaintext in the stored form', () => {
    const box = new SecretBox(parseEncryptionKeys(keyList('k1')));
    const stored = JSON.stringify(box.seal(SECRET));
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(stored).not.toContain('EXAMPLEKEY');
  });

  it('says clearly when the key id is not listed, and never shows a key', () => {
    const keys = keyList('k1');
    const sealed = new SecretBox(parseEncryptionKeys(keys)).seal(SECRET);
    const other = new SecretBox(parseEncryptionKeys(keyList('k2')));
    expect(() => other.open(sealed)).toThrow(SecretBoxError);
    expect(() => other.open(sealed)).toThrow(/sealed with key k1, which MAESTRO_ENCRYPTION_KEYS does not list/);
    try {
      other.open(sealed);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(keys.split(':')[1]);
    }
  });

  it('refuses a changed value, tag, IV or key id, and a different key under the same id', () => {
    const box = new SecretBox(parseEncryptionKeys(keyList('k1', 'k2')));
    const sealed = box.seal(SECRET);
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64');
    };
    expect(() => box.open({ ...sealed, data: flip(sealed.data) })).toThrow(/was changed/);
    expect(() => box.open({ ...sealed, tag: flip(sealed.tag) })).toThrow(/was changed/);
    expect(() => box.open({ ...sealed, iv: flip(sealed.iv) })).toThrow(/was changed/);
    // Moving a value to another listed key's id: the id is authenticated.
    expect(() => box.open({ ...sealed, kid: 'k2' })).toThrow(/was changed/);
    const impostor = new SecretBox(parseEncryptionKeys(keyList('k1')));
    expect(() => impostor.open(sealed)).toThrow(/was changed/);
  });

  it('rotates: the first key seals, an older key still opens what it sealed', () => {
    const old = keyList('2024');
    const before = new SecretBox(parseEncryptionKeys(old)).seal(SECRET);
    const rotated = new SecretBox(parseEncryptionKeys(`${keyList('2025')},${old}`));
    expect(rotated.open(before)).toBe(SECRET);
    expect(rotated.isStale(before)).toBe(true);
    const after = rotated.seal(SECRET);
    expect(after.kid).toBe('2025');
    expect(rotated.isStale(after)).toBe(false);
    expect(rotated.open(after)).toBe(SECRET);
  });

  it('parses key lists and explains bad ones without echoing them', () => {
    expect(parseEncryptionKeys(generateEncryptionKeys())).toHaveLength(1);
    const short = `k1:${randomBytes(16).toString('base64')}`;
    for (const [text, message] of [
      ['', /at least one key/],
      ['justakey', /kid:base64key/],
      [short, /32 bytes/],
      ['k1:not base64!', /base64/],
      [`bad id:${randomBytes(32).toString('base64')}`, /letters, digits/],
      [`${keyList('k1')},${keyList('k1')}`, /listed twice/],
    ] as const) {
      expect(() => parseEncryptionKeys(text)).toThrow(message);
      try {
        parseEncryptionKeys(text);
      } catch (error) {
        if (text.includes(':')) expect((error as Error).message).not.toContain(text.split(':')[1]!.slice(0, 12));
      }
    }
  });
});
