import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import Redis from 'ioredis';

import { Public } from 'src/platform/auth/decorators';
import { appConfig, AppConfig } from 'src/platform/config/namespaces';
import { DomainError } from 'src/platform/http/domain-error';
import { RateLimit } from 'src/platform/ratelimit/rate-limit';
import { REDIS_CLIENT } from 'src/platform/redis/redis.module';

import { ShutdownService } from './shutdown.service';

class NotReadyError extends DomainError {
  readonly code = 'NOT_READY';
  readonly kind = 'unavailable';
}

const CHECK_TIMEOUT_MS = 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

@ApiTags('health')
@Public()
@RateLimit('none')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  @Get('live')
  live(): { status: 'ok'; version: string; uptimeSeconds: number } {
    return { status: 'ok', version: this.app.version, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => {
          const indicator = this.indicators.check('lifecycle');
          return this.shutdown.isShuttingDown ? indicator.down({ message: 'shutting down' }) : indicator.up();
        },
        () => this.db.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        async () => {
          const indicator = this.indicators.check('redis');
          try {
            await withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS);
            return indicator.up();
          } catch (err) {
            return indicator.down({ message: (err as Error).message });
          }
        },
      ]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const result = err.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw new NotReadyError(`Not ready: ${failing.join(', ')} down`, { ...result });
    }
  }
}
