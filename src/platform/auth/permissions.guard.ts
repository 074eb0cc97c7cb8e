import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { ForbiddenError, UnauthorizedError } from 'src/platform/http/domain-error';

import { AUTHENTICATED, AuthenticatedRequest, IS_PUBLIC, REQUIRED_PERMISSIONS } from './decorators';
import type { Permission } from './permission';

/** Deny by default: a route passes only if it is @Public, @Authenticated or lists permissions the caller holds. */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new UnauthorizedError();
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets);
    if (required && required.length > 0) {
      if (required.some((p) => user.permissions.includes(p))) return true;
      throw new ForbiddenError();
    }
    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED, targets)) return true;
    // A route that declares nothing is a bug; refuse it rather than expose it.
    throw new ForbiddenError('Route has no access declaration');
  }
}
