import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConflictError, InputError, UNEXPECTED_MESSAGE, formatError } from './errors.js';
import { describeRequestError } from './http-errors.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function wrapped(original: Error): GraphQLError {
  return new GraphQLError(original.message, { originalError: original, path: ['createServer'] });
}

describe('formatError', () => {
  it('keeps the code, message and field paths of a domain error', () => {
    const { logger } = capture();
    const error = new InputError('Invalid input.', [{ path: 'input.ipv4Private', message: 'must be an IPv4 address' }]);
    const out = formatError({ message: error.message, path: ['createServer'] }, wrapped(error), logger);
    expect(out).toEqual({
      message: 'Invalid input.',
      path: ['createServer'],
      locations: undefined,
      extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.ipv4Private', message: 'must be an IPv4 address' }] },
    });
  });

  it('maps each domain error class to its code', () => {
    const { logger } = capture();
    const out = formatError({ message: 'x' }, wrapped(new ConflictError('Hostname taken.')), logger);
    expect(out.extensions?.code).toBe('CONFLICT');
  });

  it('hides an unexpected error from the client and logs its detail', () => {
    const { logger, lines } = capture();
    const secret = new Error('connection to mongodb://admin:hunter2@db failed');
    const out = formatError({ message: secret.message, extensions: { stacktrace: ['at x'] } }, wrapped(secret), logger);
    expect(out.message).toBe(UNEXPECTED_MESSAGE);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(out)).not.toContain('hunter2');
    expect(lines.join()).toContain('hunter2');
  });

  it('passes GraphQL validation errors through with their code', () => {
    const { logger } = capture();
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const out = formatError({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error, logger);
    expect(out).toMatchObject({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });
});

describe('describeRequestError', () => {
  it('answers an unexpected error in any route with "Unexpected error." and INTERNAL_SERVER_ERROR, and logs the real one', () => {
    const { logger, lines } = capture();
    const error = new Error("ENOENT: no such file or directory, open '/srv/maestro/web/dist/index.html'");
    expect(describeRequestError(error, logger)).toEqual({
      status: 500,
      body: { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' }, locations: undefined, path: undefined },
    });
    expect(lines.join()).toContain('/srv/maestro/web/dist/index.html');
  });

  it('keeps the status and code of domain errors and of the body parser, never its message', () => {
    const { logger } = capture();
    expect(describeRequestError(new ConflictError('Taken.'), logger)).toMatchObject({ status: 409, body: { message: 'Taken.', extensions: { code: 'CONFLICT' } } });
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large', limit: 1024 });
    expect(describeRequestError(tooLarge, logger)).toEqual({
      status: 413,
      body: { message: 'The request body is larger than the limit of 1024 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    const teapot = Object.assign(new Error('internal detail'), { status: 418 });
    expect(describeRequestError(teapot, logger)).toEqual({ status: 418, body: { message: 'Bad request.', extensions: { code: 'BAD_REQUEST' } } });
  });
});
