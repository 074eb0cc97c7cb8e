import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';

import { AuthGuard } from 'src/platform/auth/auth.guard';
import { PermissionsGuard } from 'src/platform/auth/permissions.guard';
import { PlatformAuthModule } from 'src/platform/auth/platform-auth.module';

import { DomainErrorFilter } from './domain-error.filter';
import { createValidationPipe } from './validation';

@Module({
  imports: [PlatformAuthModule],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: PermissionsGuard },
  ],
})
export class HttpModule {}
