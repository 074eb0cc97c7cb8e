import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyRequest } from 'fastify';
import Redis from 'ioredis';

import { Public } from 'src/platform/auth/decorators';
import { hasInternalToken } from 'src/platform/auth/internal-token.guard';
import { appConfig, AppConfig, internalConfig, InternalConfig } from 'src/platform/config/namespaces';
import { DomainError } from 'src/platform/http/domain-error';
import { RateLimit } from 'src/platform/ratelimit/rate-limit';
import { REDIS_CLIENT } from 'src/platform/redis/redis.module';

import { ShutdownService } from './shutdown.service';

class NotReadyError extends DomainError {
  readonly code = 'NOT_READY';
  readonly kind = 'unavailable';
}

const CHECK_TIMEOUT_MS = 1000;

/** Readiness while a shared dependency is down within the grace period: the checks' result, status `degraded`. */
type DegradedResult = Omit<HealthCheckResult, 'status'> & { status: 'degraded' };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
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
    @Inject(internalConfig.KEY) private readonly internal: InternalConfig,
  ) {}

  @Get('live')
  live(): { status: 'ok'; version: string; uptimeSeconds: number } {
    return { status: 'ok', version: this.app.version, uptimeSeconds: Math.round(process.uptime()) };
  }

  /** When every check last passed (undefined until the first time: a replica starting is not ready). */
  private lastReadyAt?: number;

  // In production the public (and the load balancer) learns only ready or not; which dependency is down, and the
  // checks' messages, are for the bearer of the internal token (operators, Prometheus).
  //
  // A replica shutting down, or one that has never reached its dependencies (a release that cannot, which the
  // rolling update must roll back), is not ready. A replica that was ready stays ready for
  // DEPENDENCY_OUTAGE_GRACE_MS while PostgreSQL or Redis is down, answering 200 `degraded`: every replica shares
  // them, so taking replicas out of the load balancer, or having Swarm restart them, would turn a failover of a few
  // seconds into an outage of the whole shop (cached pages still serve; the rest is 503 DATABASE_UNAVAILABLE).
  @Get('ready')
  @HealthCheck()
  async ready(
    @Req() request: FastifyRequest,
  ): Promise<HealthCheckResult | DegradedResult | { status: 'ok' | 'degraded' }> {
    const detailed =
      this.internal.publicHealthDetails || hasInternalToken(request, this.internal.metricsToken);
    let failed: HealthCheckResult;
    try {
      const result = await this.health.check([
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
      this.lastReadyAt = Date.now();
      return detailed ? result : { status: 'ok' };
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      failed = err.getResponse() as HealthCheckResult;
    }
    const failing = Object.keys(failed.error ?? {});
    const withinGrace =
      this.lastReadyAt !== undefined && Date.now() - this.lastReadyAt < this.app.dependencyOutageGraceMs;
    if (withinGrace && !failing.includes('lifecycle')) {
      return detailed ? { ...failed, status: 'degraded' } : { status: 'degraded' };
    }
    if (!detailed) throw new NotReadyError('Not ready');
    throw new NotReadyError(`Not ready: ${failing.join(', ')} down`, { ...failed });
  }
}
