import type { Logger } from 'pino';

/**
 * Runs `stop` on the first SIGINT or SIGTERM and exits 0 when it finishes,
 * or 1 when it takes longer than `timeoutMs`. Ctrl-C reaches a process both
 * from the terminal and from a parent that forwards it (npm, the start
 * script), so repeats within two seconds are absorbed; a later one exits at once.
 */
export function onShutdownSignal(stop: () => Promise<void>, logger: Logger, timeoutMs: number): void {
  let stoppingSince = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince > 0 && Date.now() - stoppingSince < 2000) return;
    if (stoppingSince > 0) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
