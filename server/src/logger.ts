import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Authorization headers, tokens and passwords are redacted. */
export function createLogger(level: string, name: string): Logger {
  return pino({
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
      ],
      censor: '[redacted]',
    },
  });
}
