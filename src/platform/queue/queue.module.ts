import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';

import { queueConfig, QueueConfig, redisConfig, RedisConfig } from 'src/platform/config/namespaces';

/**
 * The bull connection. Queues are registered by the module that owns them; job defaults: retries with
 * exponential backoff, completed jobs removed, failed jobs kept for inspection.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY, queueConfig.KEY],
      useFactory: (redis: RedisConfig, queue: QueueConfig) => ({
        redis: redis.url,
        prefix: 'dhakacart',
        defaultJobOptions: {
          attempts: queue.attempts,
          backoff: { type: 'exponential', delay: queue.backoffMs },
          removeOnComplete: true,
          removeOnFail: false,
        },
      }),
    }),
  ],
})
export class QueueModule {}
