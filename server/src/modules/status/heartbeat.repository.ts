import type { Redis } from 'ioredis';

/**
 * Adds `ARGV[1]` to each sorted set in KEYS with Redis's own clock as its
 * score, drops members older than `ARGV[2]` ms and lets an abandoned set
 * expire. Redis's clock, not the caller's, so machines whose clocks differ
 * still agree on who is live.
 */
const BEAT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)
  redis.call('PEXPIRE', key, ttl)
end
return now
`;

/** Members of the sorted set KEYS[1] that beat within the last `ARGV[1]` ms, by Redis's clock. */
const LIVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')
`;

/**
 * Heartbeats of processes in Redis, one sorted set per group (`api`, or the
 * queue a worker serves). A member is live while its last beat is younger
 * than the group's lifetime; a process that dies simply stops beating, and
 * its stale beat is never trusted.
 */
export class HeartbeatRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(group: string): string {
    return `${this.prefix}:heartbeats:${group}`;
  }

  /** Records that `member` is alive now in each of `groups`. One round trip. */
  async beat(groups: readonly string[], member: string, ttlMs: number): Promise<void> {
    if (groups.length === 0) return;
    await this.redis.eval(BEAT_SCRIPT, groups.length, ...groups.map((g) => this.key(g)), member, String(ttlMs));
  }

  /** The members of `group` that beat within `ttlMs`. */
  async live(group: string, ttlMs: number): Promise<string[]> {
    return (await this.redis.eval(LIVE_SCRIPT, 1, this.key(group), String(ttlMs))) as string[];
  }

  /** Forgets `member` at once, for a process that is shutting down. */
  async leave(groups: readonly string[], member: string): Promise<void> {
    if (groups.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const group of groups) pipeline.zrem(this.key(group), member);
    await pipeline.exec();
  }
}
