import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { SecretRepository, SecretValues } from '../modules/identity/secret.repository.js';
import { generateEncryptionKeys, parseEncryptionKeys, type EncryptionKey } from '../shared/secret-box.js';
import type { Config } from './env.js';

function generate(): SecretValues {
  const one = () => randomBytes(48).toString('base64url');
  return { jwt: one(), reset: one(), share: one() };
}

/**
 * The secrets that sign tokens. Those set in the environment are used as
 * they are (production sets all three: config refuses to start otherwise).
 * Outside production, any left unset is generated once, at random, and kept
 * in the stack's database, so that every API and worker process of the stack
 * signs with the same key and sessions survive a restart; a stack on another
 * database has other keys.
 */
export async function resolveSecrets(config: Config, store: SecretRepository, logger: Logger): Promise<SecretValues> {
  const { jwt, reset, share } = config.secrets;
  if (jwt !== null && reset !== null && share !== null) return { jwt, reset, share };
  if (config.production) throw new Error('production never uses generated secrets');
  const kept = await store.keepFirst(generate());
  logger.debug('signing secrets that are not set in the environment come from the database');
  return { jwt: jwt ?? kept.jwt, reset: reset ?? kept.reset, share: share ?? kept.share };
}

/**
 * The keys that seal the secrets Maestro stores (cloud credentials): those
 * of MAESTRO_ENCRYPTION_KEYS (required in production), else, outside
 * production, one key generated once and kept in the stack's database with
 * the signing secrets, so every API and worker process of the stack opens
 * what another sealed.
 */
export async function resolveEncryptionKeys(config: Config, store: SecretRepository, logger: Logger): Promise<EncryptionKey[]> {
  if (config.encryptionKeys) return config.encryptionKeys;
  if (config.production) throw new Error('production never uses a generated encryption key');
  const kept = await store.keepFirstEncryptionKeys(generateEncryptionKeys('local'));
  logger.debug('the key that seals stored secrets is not set in the environment: it comes from the database');
  return parseEncryptionKeys(kept);
}
