import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';

import { UnauthorizedError } from 'src/platform/http/domain-error';

import { AuthenticatedRequest, IS_PUBLIC } from './decorators';
import { permissionsFor } from './roles';

interface AccessTokenPayload {
  sub: string;
  roles: string[];
  typ: string;
}

/** Verifies the bearer token when one is sent; a public route still sees the user if the token is valid. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    if (!header) return true;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (isPublic) return true;
      throw new UnauthorizedError('Malformed Authorization header');
    }
    try {
      const payload = this.jwt.verify<AccessTokenPayload>(match[1]);
      if (payload.typ !== 'access' || typeof payload.sub !== 'string' || !Array.isArray(payload.roles)) {
        throw new Error('not an access token');
      }
      request.user = { id: payload.sub, roles: payload.roles, permissions: permissionsFor(payload.roles) };
      // The request logger reads the raw request; this puts the user id on every request log line.
      (request.raw as { user?: { id: string } }).user = { id: payload.sub };
    } catch {
      if (!isPublic) throw new UnauthorizedError('Invalid or expired access token');
    }
    return true;
  }
}
