import { Module } from '@nestjs/common';

import { AdminModule } from './modules/admin';
import { AuthModule } from './modules/auth';
import { CartModule } from './modules/cart';
import { CatalogModule } from './modules/catalog';
import { OrderModule, OrderWorkersModule } from './modules/order';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { EventsModule } from './platform/events/events.module';
import { HealthModule } from './platform/health/health.module';
import { HttpModule } from './platform/http/http.module';
import { LoggingModule } from './platform/logging/logging.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { NotifyModule } from './platform/notify/notify.module';
import { QueueModule } from './platform/queue/queue.module';
import { RedisModule } from './platform/redis/redis.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    NotifyModule,
    EventsModule,
    HttpModule,
    HealthModule,
    AuthModule,
    CatalogModule,
    CartModule,
    OrderModule,
    AdminModule,
    // Queue consumers: always in dist/worker.js; in the API process only when RUN_WORKERS=true.
    OrderWorkersModule,
  ],
})
export class AppModule {}
