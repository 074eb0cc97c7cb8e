import { Module } from '@nestjs/common';

import { AdminModule } from './modules/admin';
import { AuthModule } from './modules/auth';
import { CartModule } from './modules/cart';
import { CatalogModule } from './modules/catalog';
import { OrderModule } from './modules/order';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { EventsModule } from './platform/events/events.module';
import { HealthModule } from './platform/health/health.module';
import { HttpModule } from './platform/http/http.module';
import { LoggingModule } from './platform/logging/logging.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { RedisModule } from './platform/redis/redis.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    RedisModule,
    EventsModule,
    HttpModule,
    HealthModule,
    AuthModule,
    CatalogModule,
    CartModule,
    OrderModule,
    AdminModule,
  ],
})
export class AppModule {}
