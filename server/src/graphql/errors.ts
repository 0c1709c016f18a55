import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';

/** Codes a client may see in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldProblem {
  /** Dotted path of the offending field inside the arguments, e.g. `input.ipv4Private`. */
  path: string;
  message: string;
}

/** A domain error: services throw these; the edge maps them to GraphQL errors. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class InputError extends AppError {
  constructor(message: string, fields: FieldProblem[] = []) {
    super('BAD_USER_INPUT', message, fields);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'You must be signed in.') {
    super('UNAUTHENTICATED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this.') {
    super('FORBIDDEN', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super('NOT_FOUND', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Codes GraphQL itself and Apollo raise for malformed requests: safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const UNEXPECTED_MESSAGE = 'Unexpected error.';

function flattenValidation(errors: ValidationError[], parent: string): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidation(e.children ?? [], path)];
  });
}

/**
 * Turns any error into what a client may see: domain errors keep their code,
 * message and field paths; request errors from GraphQL keep theirs; anything
 * else becomes "Unexpected error." and its detail goes to the log only.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  onCode?: (code: string) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  let result: GraphQLFormattedError;
  if (original instanceof AppError) {
    const extensions: Record<string, unknown> = { code: original.code };
    if (original.fields.length > 0) extensions.fields = original.fields;
    result = { ...base, message: original.message, extensions };
  } else if (original instanceof ArgumentValidationError) {
    const fields = flattenValidation(original.extensions.validationErrors as unknown as ValidationError[], '');
    result = {
      ...base,
      message: `Invalid input: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`,
      extensions: { code: 'BAD_USER_INPUT', fields },
    };
  } else if (
    original instanceof GraphQLError &&
    typeof formatted.extensions?.code === 'string' &&
    REQUEST_ERROR_CODES.has(formatted.extensions.code)
  ) {
    result = { ...base, message: formatted.message, extensions: { code: formatted.extensions.code } };
  } else {
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving a request');
    result = { ...base, message: UNEXPECTED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  onCode?.(String(result.extensions?.code));
  return result;
}
