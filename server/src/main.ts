import { createApp } from './app.js';
import { loadConfigOrExit } from './config/env.js';
import { createLogger } from './logger.js';
import { onShutdownSignal } from './process/shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, 'maestro-api');
try {
  const app = await createApp(config, logger);
  onShutdownSignal(() => app.stop(), logger, config.shutdownTimeoutMs);
  await app.listen();
} catch (error) {
  logger.fatal({ err: error }, 'API failed to start');
  process.exit(1);
}
