import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

import { AuthenticatedRequest } from 'src/platform/auth/decorators';
import { rateLimitConfig, RateLimitConfig } from 'src/platform/config/namespaces';

import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE_MS = 60_000;
const byIp = (req: Record<string, unknown>): string => (req as unknown as FastifyRequest).ip;

@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class RateLimitStorageModule {}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [rateLimitConfig.KEY, RedisThrottlerStorage],
      useFactory: (config: RateLimitConfig, storage: RedisThrottlerStorage) => ({
        storage,
        skipIf: () => !config.enabled,
        throttlers: [
          { name: 'default', ttl: MINUTE_MS, limit: config.perMinute, getTracker: byIp },
          { name: 'auth-ip', ttl: MINUTE_MS, limit: config.authPerMinute, getTracker: byIp },
          { name: 'refresh-ip', ttl: MINUTE_MS, limit: config.refreshPerMinute, getTracker: byIp },
          {
            name: 'auth-email',
            ttl: MINUTE_MS,
            limit: config.authEmailPerMinute,
            // Per account being attacked, whatever the source address.
            getTracker: (req) => {
              const email = ((req as unknown as FastifyRequest).body as { email?: unknown } | undefined)
                ?.email;
              return typeof email === 'string' ? `email:${email.trim().toLowerCase()}` : byIp(req);
            },
          },
          {
            name: 'checkout',
            ttl: MINUTE_MS,
            limit: config.checkoutPerMinute,
            getTracker: (req) => (req as unknown as AuthenticatedRequest).user?.id ?? byIp(req),
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
