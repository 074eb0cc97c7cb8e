import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';

import { AuthGuard } from 'src/platform/auth/auth.guard';
import { PermissionsGuard } from 'src/platform/auth/permissions.guard';
import { PlatformAuthModule } from 'src/platform/auth/platform-auth.module';
import { RateLimitGuard } from 'src/platform/ratelimit/rate-limit.guard';
import { RateLimitModule } from 'src/platform/ratelimit/rate-limit.module';

import { DomainErrorFilter } from './domain-error.filter';
import { HttpCacheInterceptor } from './http-cache';
import { createValidationPipe } from './validation';

@Module({
  imports: [PlatformAuthModule, RateLimitModule],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: HttpCacheInterceptor },
    // Order matters: identify the caller, then rate-limit (per user where relevant), then authorise.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: PermissionsGuard },
  ],
})
export class HttpModule {}
