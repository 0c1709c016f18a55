import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Authorization headers, tokens, passwords and stored
 * secrets (a connection's secret access key, sealed or not) are redacted.
 * `destination`: where the lines go (standard output by default).
 */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        'variables.password',
        'variables.input.password',
        'secretAccessKey',
        '*.secretAccessKey',
        '*.*.secretAccessKey',
        'variables.input.secretAccessKey',
        'secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
