import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';

import { internalConfig, InternalConfig } from 'src/platform/config/namespaces';
import { UnauthorizedError } from 'src/platform/http/domain-error';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Whether the request carries `Authorization: Bearer <METRICS_TOKEN>`. Compared as digests in constant time, so
 * neither the length nor a prefix of the token leaks through timing.
 */
export function hasInternalToken(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Internal endpoints (/metrics): the bearer of METRICS_TOKEN only, when one is configured (it is required in
 * production; development and tests run without one and leave the endpoint open).
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  constructor(@Inject(internalConfig.KEY) private readonly internal: InternalConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.internal.metricsToken;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!token || hasInternalToken(request, token)) return true;
    void context.switchToHttp().getResponse<FastifyReply>().header('www-authenticate', 'Bearer');
    throw new UnauthorizedError('This endpoint needs the internal bearer token');
  }
}
