import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';

import { validateEnv } from './env.schema';
import { appConfig, authConfig, databaseConfig, httpConfig, redisConfig } from './namespaces';

@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      validate: validateEnv,
      load: [appConfig, authConfig, databaseConfig, httpConfig, redisConfig],
    }),
  ],
})
export class ConfigModule {}
