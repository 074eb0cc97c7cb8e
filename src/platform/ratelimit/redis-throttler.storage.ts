import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

import { RedisBreaker } from 'src/platform/redis/redis-breaker';

// One round trip: count the hit and read the window's remaining time atomically.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

// Takes back one hit, never below zero and never creating a window.
const REFUND = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`;

const OPEN: ThrottlerStorageRecord = {
  totalHits: 0,
  timeToExpire: 0,
  isBlocked: false,
  timeToBlockExpire: 0,
};

/**
 * Fixed-window counters in Redis, so a limit holds across every replica. When Redis is down the breaker
 * answers "not limited": an outage degrades protection instead of failing requests.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly breaker: RedisBreaker) {}

  /** Takes back a hit the shop could not serve (a 5xx): an outage must not use up a customer's budget. */
  refund(key: string): Promise<void> {
    return this.breaker.run(async (redis) => {
      const command = redis as Redis & { dhakacartRateLimitRefund?: (key: string) => Promise<number> };
      if (!command.dhakacartRateLimitRefund) {
        redis.defineCommand('dhakacartRateLimitRefund', { numberOfKeys: 1, lua: REFUND });
      }
      await command.dhakacartRateLimitRefund!(`rl:${key}`);
    }, undefined);
  }

  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    return this.breaker.run(async (redis) => {
      // EVALSHA through a defined command: the script is sent once, not with every request.
      const command = redis as Redis & { dhakacartRateLimit?: (key: string, ttl: number) => Promise<[number, number]> };
      if (!command.dhakacartRateLimit) redis.defineCommand('dhakacartRateLimit', { numberOfKeys: 1, lua: INCREMENT });
      const [hits, pttl] = await command.dhakacartRateLimit!(`rl:${key}`, ttl);
      const seconds = Math.max(1, Math.ceil(pttl / 1000));
      const isBlocked = hits > limit;
      return {
        totalHits: hits,
        timeToExpire: seconds,
        isBlocked,
        timeToBlockExpire: isBlocked ? seconds : 0,
      };
    }, OPEN);
  }
}
