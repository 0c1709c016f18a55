import { InputError } from '../graphql/errors.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

export function pageSize(first: number | null | undefined, path = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new InputError(`${path} must be between 0 and ${MAX_PAGE}.`, [{ path, message: `must be between 0 and ${MAX_PAGE}` }]);
  }
  return first;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}
