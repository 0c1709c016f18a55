import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './graphql-client.ts';

describe('live link back-off', () => {
  it('grows exponentially from half a second and stays under 30 s plus jitter', () => {
    const middle = () => 0.5;
    expect(retryDelayMs(0, middle)).toBe(500);
    expect(retryDelayMs(1, middle)).toBe(1000);
    expect(retryDelayMs(3, middle)).toBe(4000);
    expect(retryDelayMs(50, middle)).toBe(30_000);
    expect(retryDelayMs(50, () => 1)).toBeLessThanOrEqual(37_500);
    expect(retryDelayMs(0, () => 0)).toBe(375);
  });
});
