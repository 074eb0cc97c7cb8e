import { writeFile } from 'node:fs/promises';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

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
import { REDIS_CLIENT, RedisModule } from './platform/redis/redis.module';
import { HEARTBEAT_FILE, HEARTBEAT_INTERVAL_MS } from './worker-heartbeat';

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
// Its container health check (dist/worker-healthcheck.js) reads a heartbeat file that is rewritten every few seconds
// while PostgreSQL and Redis both answer.
async function bootstrap(): Promise<void> {
  enableWorkers();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const dataSource = app.get(DataSource);
  const redis = app.get<Redis>(REDIS_CLIENT);
  const beat = async (): Promise<void> => {
    try {
      await Promise.all([dataSource.query('SELECT 1'), redis.ping()]);
      await writeFile(HEARTBEAT_FILE, String(Date.now()));
    } catch {
      // No heartbeat: the health check turns the task unhealthy after a few misses and Swarm replaces it.
    }
  };
  await beat();
  setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS).unref();
  app.get(Logger).log('Worker started');
}

void bootstrap();
