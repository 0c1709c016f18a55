import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { AppError, type ErrorCode, formatError } from './errors.js';

/** Codes of requests refused before GraphQL runs (or outside it: exports, files). */
export type RequestErrorCode = 'BAD_REQUEST' | 'REQUEST_HEADER_FIELDS_TOO_LARGE' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';

/** A request Maestro refuses before it reaches GraphQL, with the status and code a client sees. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: RequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

const STATUS_OF_CODE: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

const CODE_OF_STATUS: Record<number, RequestErrorCode> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** What the body parser's errors (their `type`) mean to a client. Never its own message: it quotes internals. */
const BODY_PROBLEMS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': 'The request body is too large.',
  'entity.verify.failed': 'The request body was refused.',
  'charset.unsupported': 'The request body must be encoded as UTF-8.',
  'encoding.unsupported': 'This Content-Encoding is not supported: send the body as identity, gzip, deflate or br.',
  'request.aborted': 'The request body ended early.',
  'request.size.invalid': 'The request body does not match its Content-Length.',
  'stream.encoding.set': 'The request body could not be read.',
  'stream.not.readable': 'The request body could not be read.',
};

const GENERIC: Record<RequestErrorCode, string> = {
  BAD_REQUEST: 'Bad request.',
  REQUEST_HEADER_FIELDS_TOO_LARGE: 'The request headers are too large.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  NOT_FOUND: 'Nothing is served at this address.',
  INTERNAL_SERVER_ERROR: 'Unexpected error.',
};

interface HttpLikeError {
  status: number;
  type?: unknown;
  limit?: unknown;
}

/** Errors of Express, its router and the body parser (http-errors) carry their status. */
function isHttpLike(error: unknown): error is HttpLikeError {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number';
}

/** The status and GraphQL-shaped error a client sees for `error`: never a stack, a path or an internal message. */
export function describeRequestError(error: unknown, logger: Logger): { status: number; body: GraphQLFormattedError } {
  if (error instanceof AppError) {
    return { status: STATUS_OF_CODE[error.code], body: formatError({ message: error.message }, error, logger) };
  }
  if (error instanceof RequestError) {
    return { status: error.status, body: { message: error.message, extensions: { code: error.code } } };
  }
  if (isHttpLike(error) && error.status >= 400 && error.status < 500) {
    const code = CODE_OF_STATUS[error.status] ?? 'BAD_REQUEST';
    let message = typeof error.type === 'string' ? (BODY_PROBLEMS[error.type] ?? GENERIC[code]) : GENERIC[code];
    if (error instanceof URIError) message = 'The address is not valid: it holds a malformed %-escape.';
    if (error.type === 'entity.too.large' && typeof error.limit === 'number') message = `The request body is larger than the limit of ${error.limit} bytes.`;
    return { status: error.status, body: { message, extensions: { code } } };
  }
  return { status: 500, body: formatError({ message: GENERIC.INTERNAL_SERVER_ERROR }, error, logger) };
}

const JSON_MEDIA_TYPE = /^\s*application\/json\s*(;|$)/i;

/**
 * POST /graphql takes JSON only. Placed after the JSON body parser: a body
 * it left unread under another media type is refused here rather than
 * reaching Apollo without a body (an empty JSON body is Apollo's to answer).
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const type = req.headers['content-type'];
  if (req.method === 'POST' && req.body === undefined && type !== undefined && !JSON_MEDIA_TYPE.test(type)) {
    next(new RequestError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json.'));
    return;
  }
  next();
};

/** The last route: anything nothing else served. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new RequestError(404, 'NOT_FOUND', GENERIC.NOT_FOUND));
};

/**
 * The last error handler of the app: every error of every route (body
 * parsing, routing, exports, static files) reaches the client as a JSON
 * GraphQL error with `extensions.code`, in every NODE_ENV, and the error
 * itself goes to the log.
 */
export function requestErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, body } = describeRequestError(error, logger);
    if (status < 500) logger.info({ err: error, method: req.method, url: req.originalUrl, status }, 'request refused');
    if (res.headersSent) {
      // A response already under way (a streamed export): all that is left is to cut it short.
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'response failed midway');
      res.destroy();
      return;
    }
    res.status(status).json({ errors: [body] });
  };
}

/**
 * The answer to a request that Node's HTTP parser refuses before any route
 * sees it (a malformed request line or header, headers over the size limit):
 * the same JSON error as every other refusal, then the connection closes.
 * Null when nothing can be written back (the client is gone).
 */
export function clientErrorResponse(error: NodeJS.ErrnoException, writable: boolean): string | null {
  if (!writable || error.code === 'ECONNRESET' || error.code === 'EPIPE') return null;
  const [status, code, reason]: [number, RequestErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'Request Header Fields Too Large'] : [400, 'BAD_REQUEST', 'Bad Request'];
  const body = JSON.stringify({ errors: [{ message: GENERIC[code], extensions: { code } }] });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
