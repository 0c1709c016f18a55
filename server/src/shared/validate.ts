import { InputError, type FieldProblem } from '../graphql/errors.js';

/**
 * Collects field problems with their paths, then throws one BAD_USER_INPUT
 * error that names every offending field.
 */
export class Validator {
  readonly problems: FieldProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  text(path: string, value: string | null | undefined, options: { min?: number; max: number; required?: boolean }): string | undefined {
    if (value === null || value === undefined) {
      if (options.required) this.add(path, 'is required');
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed.includes('\u0000')) this.add(path, 'must not contain a NUL character');
    else if (trimmed.length < (options.min ?? 1)) this.add(path, options.min && options.min > 1 ? `must be at least ${options.min} characters` : 'must not be empty');
    else if (trimmed.length > options.max) this.add(path, `must be at most ${options.max} characters`);
    return trimmed;
  }

  /** Keys users choose (tags, spec keys) become document keys or values: no `$` start, no `.`. */
  keys(path: string, values: readonly string[] | null | undefined, max = 50): string[] | undefined {
    if (values === null || values === undefined) return undefined;
    if (values.length > max) this.add(path, `must hold at most ${max} items`);
    const out: string[] = [];
    values.forEach((raw, i) => {
      const value = raw.trim();
      const at = `${path}.${i}`;
      if (value.length === 0 || value.length > 100) this.add(at, 'must be 1 to 100 characters');
      else if (value.startsWith('$')) this.add(at, 'must not start with $');
      else if (value.includes('.')) this.add(at, 'must not contain a dot');
      else if (value.includes('\u0000')) this.add(at, 'must not contain a NUL character');
      else out.push(value);
    });
    return [...new Set(out)];
  }

  done(): void {
    if (this.problems.length > 0) {
      throw new InputError(`Invalid input: ${this.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, this.problems);
    }
  }
}

/** Escapes user text for use inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text made safe inside HTML (an element's text or a quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
