import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';

import { REDIS_CLIENT } from './redis.tokens';

const OPEN_FOR_MS = 5000;

/**
 * A small circuit breaker around Redis for features that can live without it (rate limits, cache invalidation):
 * after a failure the circuit opens for a few seconds and callers get their fallback at once, so a Redis outage
 * costs nothing on the request path instead of a timeout per request.
 */
@Injectable()
export class RedisBreaker {
  private readonly logger = new Logger(RedisBreaker.name);
  private openUntil = 0;

  constructor(@Inject(REDIS_CLIENT) readonly redis: Redis) {}

  get isOpen(): boolean {
    return Date.now() < this.openUntil;
  }

  async run<T>(operation: (redis: Redis) => Promise<T>, fallback: T): Promise<T> {
    if (this.isOpen || this.redis.status !== 'ready') {
      this.trip();
      return fallback;
    }
    try {
      // A hung Redis is bounded by the client's commandTimeout; a refused one fails at once (no offline queue).
      return await operation(this.redis);
    } catch (err) {
      this.trip(err);
      return fallback;
    }
  }

  private trip(err?: unknown): void {
    if (!this.isOpen) {
      this.logger.warn(
        { err },
        `Redis unavailable; degrading for ${OPEN_FOR_MS} ms (no rate limits, no cache invalidation)`,
      );
    }
    this.openUntil = Date.now() + OPEN_FOR_MS;
  }
}
