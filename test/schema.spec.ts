import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createLocalEventBus } from '../server/src/events/pubsub.ts';
import { buildAppSchema, printAppSchema } from '../server/src/graphql/schema.ts';

describe('schema/schema.graphql', () => {
  it('is what the code generates (run `npm run schema` after changing the API)', async () => {
    const generated = printAppSchema(await buildAppSchema(createLocalEventBus()));
    const committed = await readFile('schema/schema.graphql', 'utf8');
    expect(committed, 'schema/schema.graphql is out of date: run `npm run schema`').toBe(generated);
  });

  it('has the status operations whose shape SPEC fixes', async () => {
    const sdl = printAppSchema(await buildAppSchema(createLocalEventBus()));
    expect(sdl).toMatch(/type Query \{[^}]*\bstatus: Status!/s);
    expect(sdl).toMatch(/type Subscription \{[^}]*\bstatusChanged: Status!/s);
    expect(sdl).toMatch(/type Component \{[^}]*latencyMs: Float[^!]/s);
  });
});
