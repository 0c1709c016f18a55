import { MongoBulkWriteError, MongoClient, MongoServerError, type Collection, type Db, type Document, type OptionalUnlessRequiredId } from 'mongodb';

export interface Mongo {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects to MongoDB (or a wire-compatible server); the database is the URL's path. */
export async function connectMongo(url: string, options: { monitorCommands?: boolean } = {}): Promise<Mongo> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    // Command events feed the metrics (commands issued, time inside MongoDB).
    monitorCommands: options.monitorCommands ?? true,
    appName: 'maestro',
  });
  await client.connect();
  const db = client.db();
  return { client, db, close: () => client.close() };
}

/**
 * Runs an upsert, once more if it lost a race: two upserts of the same new
 * key at once make one of them fail with a duplicate key, and the retry then
 * finds the document the other inserted.
 */
export async function retryUpsertRace<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return upsert();
    throw error;
  }
}

/**
 * Inserts documents keyed by natural ids; those another process inserted
 * first are skipped. Returns the documents this call inserted.
 */
export async function insertManyIgnoringDuplicates<T extends Document>(collection: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<OptionalUnlessRequiredId<T>[]> {
  if (docs.length === 0) return [];
  try {
    await collection.insertMany(docs, { ordered: false });
    return docs;
  } catch (error) {
    const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
    const duplicatesOnly = writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000);
    if (!duplicatesOnly) throw error;
    const skipped = new Set(writeErrors.map((e) => e.index));
    return docs.filter((_, i) => !skipped.has(i));
  }
}

/** Round trip to the server; resolves with the time it took in milliseconds. */
export async function pingMongo(db: Db): Promise<number> {
  const started = performance.now();
  await db.command({ ping: 1 });
  return performance.now() - started;
}
