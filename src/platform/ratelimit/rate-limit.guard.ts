import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { DomainError } from 'src/platform/http/domain-error';

import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RATE_LIMIT_GROUP, RateLimitGroup, THROTTLERS_OF } from './rate-limit';

class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly kind = 'rate_limited';
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const group =
      this.reflector.getAllAndOverride<RateLimitGroup | undefined>(RATE_LIMIT_GROUP, [
        props.context.getHandler(),
        props.context.getClass(),
      ]) ?? 'default';
    if (group === 'none' || !THROTTLERS_OF[group].includes(props.throttler.name ?? 'default')) return true;
    let key: string | undefined;
    const generateKey = props.generateKey;
    const allowed = await super.handleRequest({
      ...props,
      generateKey: (context, tracker, name) => (key = generateKey(context, tracker, name)),
    });
    // A request the shop could not serve (5xx, e.g. 503 while the database fails over) does not count: the
    // customer's retry after the outage must not meet a 429.
    const storage = this.storageService;
    if (allowed && key !== undefined && storage instanceof RedisThrottlerStorage) {
      const counted = key;
      const raw = props.context.switchToHttp().getResponse<FastifyReply>().raw;
      raw.once('finish', () => {
        if (raw.statusCode >= 500) void storage.refund(counted);
      });
    }
    return allowed;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('retry-after', String(detail.timeToBlockExpire));
    throw new RateLimitedError(`Too many requests; retry in ${detail.timeToBlockExpire} s`);
  }
}
