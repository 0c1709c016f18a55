import { loadConfigOrExit } from '../../server/src/config/env.js';
import { createLogger } from '../../server/src/logger.js';
import { onShutdownSignal } from '../../server/src/process/shutdown.js';
import { createWorkerApp } from './worker-app.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, 'maestro-worker');
try {
  const app = await createWorkerApp(config, logger);
  onShutdownSignal(() => app.stop(), logger, config.shutdownTimeoutMs);
  await app.start();
} catch (error) {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
}
