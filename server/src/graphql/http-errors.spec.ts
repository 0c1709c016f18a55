import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
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
