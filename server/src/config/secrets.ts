import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { SecretRepository, SecretValues } from '../modules/identity/secret.repository.js';
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
