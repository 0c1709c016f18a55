import { MongoClient, type Db } from 'mongodb';

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

/** Round trip to the server; resolves with the time it took in milliseconds. */
export async function pingMongo(db: Db): Promise<number> {
  const started = performance.now();
  await db.command({ ping: 1 });
  return performance.now() - started;
}
