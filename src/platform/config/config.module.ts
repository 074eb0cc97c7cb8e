import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';

import {
  appConfig,
  authConfig,
  catalogConfig,
  databaseConfig,
  httpConfig,
  internalConfig,
  notificationsConfig,
  orderConfig,
  queueConfig,
  rateLimitConfig,
  redisConfig,
} from './namespaces';

// The namespaces validate the whole environment (readEnv) when Nest first builds them, i.e. at boot, and fail
// with every invalid variable listed. Validation is not done at import time, so tests can set the env first.
@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      load: [
        appConfig,
        authConfig,
        catalogConfig,
        databaseConfig,
        httpConfig,
        internalConfig,
        notificationsConfig,
        orderConfig,
        queueConfig,
        rateLimitConfig,
        redisConfig,
      ],
    }),
  ],
})
export class ConfigModule {}
