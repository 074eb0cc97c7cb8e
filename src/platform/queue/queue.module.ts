import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';

import { queueConfig, QueueConfig, redisConfig, RedisConfig } from 'src/platform/config/namespaces';
import { redisOptions } from 'src/platform/redis/redis.module';

/**
 * The bull connection. Queues are registered by the module that owns them; job defaults: retries with
 * exponential backoff, completed jobs removed, failed jobs kept for inspection.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY, queueConfig.KEY],
      useFactory: (redis: RedisConfig, queue: QueueConfig) => {
        const { connectTimeout, retryStrategy } = redisOptions(redis.url).options;
        return {
          url: redis.url,
          prefix: 'dhakacart',
          // Our short connect timeout and reconnect backoff, but not the command timeout, retry limit or disabled
          // offline queue of the app's client: bull's blocking connection waits on BRPOPLPUSH for seconds, bull
          // refuses a bclient/subscriber with a retry limit or ready check, and while Redis is away a job being
          // enqueued waits in the client for the reconnect instead of being lost.
          redis: { connectTimeout, retryStrategy, maxRetriesPerRequest: null, enableReadyCheck: false },
          defaultJobOptions: {
            attempts: queue.attempts,
            backoff: { type: 'exponential', delay: queue.backoffMs },
            removeOnComplete: true,
            removeOnFail: false,
          },
        };
      },
    }),
  ],
})
export class QueueModule {}
