import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';

import { UnauthorizedError } from 'src/platform/http/domain-error';

import { AuthenticatedRequest, AuthUser, IS_PUBLIC } from './decorators';
import { permissionsFor } from './roles';
import { SessionRegistry } from './session-registry';

export interface AccessTokenPayload {
  sub: string;
  roles: string[];
  typ: string;
  /** The user's token version when the token was issued. */
  ver?: number;
}

/**
 * Verifies the bearer token when one is sent; a public route still sees the user if the token is valid.
 * A token that claims any staff permission is checked against the user's current state (roles, disabled, token
 * version) on every request, so a demotion, a disabled account or "sign out everywhere" takes effect at once on
 * every replica. Customer tokens stay stateless for their short life (JWT_ACCESS_TTL_SECONDS).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly sessions: SessionRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    if (!header) return true;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (isPublic) return true;
      throw new UnauthorizedError('Malformed Authorization header');
    }
    let payload: AccessTokenPayload | null = null;
    try {
      payload = this.jwt.verify<AccessTokenPayload>(match[1]);
    } catch {
      // an expired, forged or malformed token: handled below like any other invalid one
    }
    const user = payload ? await this.userOf(payload) : null;
    if (!user) {
      if (isPublic) return true;
      throw new UnauthorizedError('Invalid or expired access token; sign in again');
    }
    request.user = user;
    // The request logger reads the raw request; this puts the user id on every request log line.
    (request.raw as { user?: { id: string } }).user = { id: user.id };
    return true;
  }

  /** The caller a verified token stands for, or null when the token is not an access token or its session ended. */
  private async userOf(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || !Array.isArray(payload.roles)) return null;
    if (permissionsFor(payload.roles).length === 0) {
      return { id: payload.sub, roles: payload.roles, permissions: [] };
    }
    const state = await this.sessions.current(payload.sub);
    // A token from before token versions existed counts as version 0, which every account starts with.
    if (!state || state.disabled || state.tokenVersion !== (payload.ver ?? 0)) return null;
    return { id: payload.sub, roles: state.roles, permissions: permissionsFor(state.roles) };
  }
}
