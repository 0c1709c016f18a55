import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/**
 * Watches the destination of an export that does not write through a
 * pipeline (XLSX): `done` settles once `out` has finished, or rejects as
 * soon as it fails or is closed before the end; `failure()` tells a loop
 * reading rows to stop; `race(promise)` waits for `promise` unless `out`
 * fails first.
 */
export interface Destination {
  readonly done: Promise<void>;
  failure(): Error | undefined;
  race<T>(promise: Promise<T>): Promise<T>;
}

export function watchDestination(out: Writable): Destination {
  let failed: Error | undefined;
  // finished() listens to 'error' too, so an error of `out` never goes unhandled.
  const done = finished(out, { readable: false });
  done.catch((error: unknown) => {
    failed = error instanceof Error ? error : new Error(String(error));
  });
  const failure = done.then(
    () => new Promise<never>(() => undefined),
    (error: unknown) => Promise.reject(error instanceof Error ? error : new Error(String(error))),
  );
  failure.catch(() => undefined);
  return {
    done,
    failure: () => failed,
    race: <T>(promise: Promise<T>) => Promise.race([promise, failure]),
  };
}
