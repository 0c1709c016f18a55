import { Readable, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams `chunks` (through `transform`, when given) into `out` and ends
 * it. `Readable.from` asks the generator for the next chunk only when the
 * pipe has room, so a slow `out` slows the reading of rows down to its pace,
 * and no more than a few chunks wait in between. When `out` fails or is
 * destroyed, the pipe ends the generator (its `finally` runs, and so does
 * `return()` of the rows iterator it was reading) and the promise rejects.
 */
export async function pipeOut(chunks: AsyncIterable<unknown> | Iterable<unknown>, out: Writable, transform?: Transform): Promise<void> {
  const source = Readable.from(chunks);
  if (transform) await pipeline(source, transform, out);
  else await pipeline(source, out);
}
