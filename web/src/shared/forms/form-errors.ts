import type { CombinedError } from 'urql';

export interface FormErrors {
  /** One message per form field, by field name. */
  fields: Partial<Record<string, string>>;
  /** What to show above the form, when an error is not about one field. */
  form: string | null;
  /** The `extensions.code` of the first error, if any. */
  code: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null, code: null };

const UNREACHABLE = 'Maestro could not be reached. Check your connection and try again.';
const UNEXPECTED = 'Something went wrong on the server. Try again in a moment.';

/** `input.email` → `email`, `input.regions.2` → `regions`, `name` → `name`. */
export function fieldOfPath(path: string): string {
  const rest = path.startsWith('input.') ? path.slice('input.'.length) : path;
  return rest.split('.')[0] ?? rest;
}

/**
 * The form field a problem is about: the longest of `known` that starts the
 * path, segment by segment (`input.os.base` → `os.base` when the form has it,
 * else `os`); null when the form has none of them.
 */
export function knownFieldOf(path: string, known: ReadonlySet<string>): string | null {
  const parts = (path.startsWith('input.') ? path.slice('input.'.length) : path).split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    if (known.has(candidate)) return candidate;
  }
  return null;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

function fieldProblems(value: unknown): Array<{ path: string; message: string }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, message } = item as Record<string, unknown>;
    return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
  });
}

/**
 * Turns an API error into what a form shows: BAD_USER_INPUT problems next to
 * the fields they name (`fields` lists the form's fields), everything else as
 * one readable sentence above the form. Never raw JSON.
 */
export function readFormErrors(error: CombinedError | undefined | null, fields: readonly string[]): FormErrors {
  if (!error) return NO_ERRORS;
  if (error.graphQLErrors.length === 0) {
    return { fields: {}, form: error.networkError ? UNREACHABLE : UNEXPECTED, code: null };
  }
  const known = new Set(fields);
  const byField: Partial<Record<string, string>> = {};
  const general: string[] = [];
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions.code;
    const problems = code === 'BAD_USER_INPUT' ? fieldProblems(graphQLError.extensions.fields) : [];
    if (problems.length === 0) {
      general.push(code === 'INTERNAL_SERVER_ERROR' ? UNEXPECTED : graphQLError.message);
      continue;
    }
    for (const problem of problems) {
      const field = knownFieldOf(problem.path, known);
      if (field) byField[field] ??= sentence(problem.message);
      else general.push(`${fieldOfPath(problem.path)} ${problem.message}`);
    }
  }
  const first = error.graphQLErrors[0]?.extensions.code;
  return {
    fields: byField,
    form: general.length > 0 ? [...new Set(general)].map(sentence).join(' ') : null,
    code: typeof first === 'string' ? first : null,
  };
}

/**
 * The errors with a message of code `code`, which is about one field though
 * the API says it for the whole request ("already exists", "no account has
 * this address"), moved next to `field`.
 */
export function onField(errors: FormErrors, code: string, field: string): FormErrors {
  if (errors.code !== code || !errors.form) return errors;
  return { ...errors, fields: { ...errors.fields, [field]: errors.form }, form: null };
}

/** The message for an error outside any form (a button's action), or null. */
export function readActionError(error: CombinedError | undefined | null): string | null {
  return readFormErrors(error, []).form;
}
