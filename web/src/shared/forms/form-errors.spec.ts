import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { fieldOfPath, knownFieldOf, readActionError, readFormErrors } from './form-errors.ts';

function graphQLError(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions });
}

describe('form errors', () => {
  it('maps input paths to form fields', () => {
    expect(fieldOfPath('input.email')).toBe('email');
    expect(fieldOfPath('input.regions.2')).toBe('regions');
    expect(fieldOfPath('name')).toBe('name');
  });

  it('maps nested paths to the closest field the form has', () => {
    const known = new Set(['os', 'os.base', 'storage', 'storage.0.sizeGb']);
    expect(knownFieldOf('input.os.base', known)).toBe('os.base');
    expect(knownFieldOf('input.os.distribution', known)).toBe('os');
    expect(knownFieldOf('input.storage.0.sizeGb', known)).toBe('storage.0.sizeGb');
    expect(knownFieldOf('input.storage.3.mount', known)).toBe('storage');
    expect(knownFieldOf('input.tags', known)).toBeNull();
  });

  it('puts BAD_USER_INPUT problems next to the fields they name', () => {
    const error = new CombinedError({
      graphQLErrors: [
        graphQLError('Invalid input: input.email must be an e-mail address; input.password must be at least 10 characters', {
          code: 'BAD_USER_INPUT',
          fields: [
            { path: 'input.email', message: 'must be an e-mail address' },
            { path: 'input.password', message: 'must be at least 10 characters' },
          ],
        }),
      ],
    });
    expect(readFormErrors(error, ['email', 'password', 'name'])).toEqual({
      fields: { email: 'Must be an e-mail address', password: 'Must be at least 10 characters' },
      form: null,
      code: 'BAD_USER_INPUT',
    });
  });

  it('shows problems about fields the form does not have above the form', () => {
    const error = new CombinedError({
      graphQLErrors: [graphQLError('Invalid input', { code: 'BAD_USER_INPUT', fields: [{ path: 'input.teamId', message: 'is not a team id' }] })],
    });
    expect(readFormErrors(error, ['email']).form).toBe('TeamId is not a team id');
  });

  it('shows other codes as their message, and hides internal ones', () => {
    const conflict = new CombinedError({ graphQLErrors: [graphQLError('An account with this e-mail already exists.', { code: 'CONFLICT' })] });
    expect(readFormErrors(conflict, ['email'])).toEqual({ fields: {}, form: 'An account with this e-mail already exists.', code: 'CONFLICT' });
    const internal = new CombinedError({ graphQLErrors: [graphQLError('Unexpected error.', { code: 'INTERNAL_SERVER_ERROR' })] });
    expect(readActionError(internal)).toMatch(/went wrong/);
  });

  it('explains a network failure in words', () => {
    const error = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(readActionError(error)).toMatch(/could not be reached/);
    expect(readFormErrors(undefined, []).form).toBeNull();
  });
});
