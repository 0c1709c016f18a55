import { describe, expect, it } from 'vitest';
import { isRole, roleAtLeast } from './roles.ts';

describe('roles', () => {
  it('orders READ < WRITE < ADMIN', () => {
    expect(roleAtLeast('ADMIN', 'WRITE')).toBe(true);
    expect(roleAtLeast('WRITE', 'WRITE')).toBe(true);
    expect(roleAtLeast('READ', 'WRITE')).toBe(false);
    expect(roleAtLeast(null, 'READ')).toBe(false);
  });

  it('recognises role names', () => {
    expect(isRole('ADMIN')).toBe(true);
    expect(isRole('OWNER')).toBe(false);
  });
});
