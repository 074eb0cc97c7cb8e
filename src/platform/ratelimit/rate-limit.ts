import { SetMetadata } from '@nestjs/common';

export type RateLimitGroup = 'default' | 'auth' | 'checkout' | 'none';
export const RATE_LIMIT_GROUP = 'rateLimit:group';

/**
 * Which limits a route gets: `auth` (strict, per IP and per email), `checkout` (per customer), `none` (health,
 * metrics). Routes without the decorator get the generous per-IP default.
 */
export const RateLimit = (group: RateLimitGroup): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_GROUP, group);

// Which named throttlers apply to which group.
export const THROTTLERS_OF: Record<Exclude<RateLimitGroup, 'none'>, readonly string[]> = {
  default: ['default'],
  auth: ['auth-ip', 'auth-email'],
  checkout: ['checkout'],
};
