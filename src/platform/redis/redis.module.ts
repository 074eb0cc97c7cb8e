import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

import { redisConfig, RedisConfig } from 'src/platform/config/namespaces';

import { InvalidationBus } from './invalidation-bus';
import { RedisBreaker } from './redis-breaker';
import { REDIS_CLIENT } from './redis.tokens';

export { REDIS_CLIENT };

/** Options for every Redis connection of ours: short timeouts, so a Redis outage degrades instead of hanging. */
export function redisOptions(url: string): { url: string; options: import('ioredis').RedisOptions } {
  return {
    url,
    options: {
      connectTimeout: 2000,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
      lazyConnect: false,
    },
  };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig): Redis => {
        const { url, options } = redisOptions(config.url);
        const client = new Redis(url, options);
        // Errors surface through readiness and the callers' own handling; an unhandled 'error' event would crash.
        client.on('error', () => undefined);
        return client;
      },
    },
    RedisCloser,
    RedisBreaker,
    InvalidationBus,
  ],
  exports: [REDIS_CLIENT, RedisBreaker, InvalidationBus],
})
export class RedisModule {}
