import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { DomainError } from 'src/platform/http/domain-error';

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
    return super.handleRequest(props);
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
