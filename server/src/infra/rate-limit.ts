import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../graphql/errors.js';

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterS: number) {
    super('RATE_LIMITED', `Too many attempts. Try again in ${retryAfterS} seconds.`);
  }
}

export interface Limiter {
  /** Counts one attempt under `key`; throws RateLimitedError when over the limit. */
  consume(key: string): Promise<void>;
  /** Throws RateLimitedError when `key` is already over the limit, without counting. */
  check(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** A limiter of `points` attempts per `durationS` seconds per key, kept in Redis. */
export function createLimiter(redis: Redis, prefix: string, name: string, points: number, durationS: number): Limiter {
  const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rl:${name}`, points, duration: durationS });
  const refuse = (res: RateLimiterRes) => new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw refuse(error);
        throw error;
      }
    },
    async check(key) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= points) throw refuse(res);
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
