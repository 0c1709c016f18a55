import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createLocalEventBus } from '../events/pubsub.js';
import { buildAppSchema, printAppSchema } from './schema.js';

/** Writes schema/schema.graphql from the code: `npm run schema`. */
const target = resolve(process.argv[2] ?? 'schema/schema.graphql');
const schema = await buildAppSchema(createLocalEventBus());
await writeFile(target, printAppSchema(schema));
process.stdout.write(`schema written to ${target}\n`);
