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

const ID = 'signing-secrets';

/** The signing secrets generated for a stack run without them: one document, written once. */
export class SecretRepository {
  private readonly collection: Collection<SecretsDoc>;

  constructor(db: Db) {
    this.collection = db.collection<SecretsDoc>('secrets');
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
