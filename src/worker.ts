import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { OrderWorkersModule } from './modules/order';
import { ConfigModule } from './platform/config/config.module';
import { enableWorkers } from './platform/config/namespaces';
import { DatabaseModule } from './platform/database/database.module';
import { EventsModule } from './platform/events/events.module';
import { LoggingModule } from './platform/logging/logging.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { NotifyModule } from './platform/notify/notify.module';
import { PlatformAuthModule } from './platform/auth/platform-auth.module';
import { QueueModule } from './platform/queue/queue.module';
import { RedisModule } from './platform/redis/redis.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    RedisModule,
    EventsModule,
    PlatformAuthModule,
    QueueModule,
    NotifyModule,
    OrderWorkersModule,
  ],
})
class WorkerModule {}

// The queue worker: `node dist/worker.js`. No HTTP; exits 0 after finishing its current job on SIGTERM.
async function bootstrap(): Promise<void> {
  enableWorkers();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  app.get(Logger).log('Worker started');
}

void bootstrap();
