import { SetMetadata } from '@nestjs/common';

export type RateLimitGroup = 'default' | 'login' | 'register' | 'refresh' | 'checkout' | 'none';
export const RATE_LIMIT_GROUP = 'rateLimit:group';

/**
 * Which limits a route gets: `login` (strict, per IP; failures per account are counted by the auth module),
 * `register` (strict, per IP and per email), `refresh` (its own generous per-IP budget), `checkout` (per
 * customer), `none` (health, metrics). Routes without the decorator get the generous per-IP default.
 */
export const RateLimit = (group: RateLimitGroup): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_GROUP, group);

// Which named throttlers apply to which group.
export const THROTTLERS_OF: Record<Exclude<RateLimitGroup, 'none'>, readonly string[]> = {
  default: ['default'],
  login: ['auth-ip'],
  register: ['auth-ip', 'auth-email'],
  refresh: ['refresh-ip'],
  checkout: ['checkout'],
};
