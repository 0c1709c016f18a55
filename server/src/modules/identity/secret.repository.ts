import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from './identity.repository.js';

export interface SecretValues {
  jwt: string;
  reset: string;
  share: string;
}

interface SecretsDoc extends SecretValues {
  _id: 'signing-secrets';
  createdAt: Date;
}

interface EncryptionKeysDoc {
  _id: 'encryption-keys';
  keys: string;
  createdAt: Date;
}

const ID = 'signing-secrets';

/** The signing secrets generated for a stack run without them: one document, written once. */
export class SecretRepository {
  private readonly collection: Collection<SecretsDoc>;
  private readonly keys: Collection<EncryptionKeysDoc>;

  constructor(db: Db) {
    this.collection = db.collection<SecretsDoc>('secrets');
    this.keys = db.collection<EncryptionKeysDoc>('secrets');
  }

  /**
   * The stored key list that seals stored secrets (`kid:base64key`), or
   * `generated` stored now if there is none: first writer wins, as above.
   * Its own document, so that a stack whose signing secrets were kept before
   * encryption existed gets one too.
   */
  async keepFirstEncryptionKeys(generated: string): Promise<string> {
    try {
      await this.keys.insertOne({ _id: 'encryption-keys', keys: generated, createdAt: new Date() });
      return generated;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await this.keys.findOne({ _id: 'encryption-keys' });
    if (!stored) throw new Error('the stored encryption keys vanished');
    return stored.keys;
  }

  /**
   * The stored secrets, or `generated` stored now if there are none. The first
   * writer wins: every process of the stack reads the same values.
   */
  async keepFirst(generated: SecretValues): Promise<SecretValues> {
    try {
      await this.collection.insertOne({ _id: ID, ...generated, createdAt: new Date() });
      return generated;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await this.collection.findOne({ _id: ID });
    if (!stored) throw new Error('the stored signing secrets vanished');
    return { jwt: stored.jwt, reset: stored.reset, share: stored.share };
  }
}
