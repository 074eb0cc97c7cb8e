import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { authConfig, AuthConfig, rateLimitConfig, RateLimitConfig } from 'src/platform/config/namespaces';
import { RedisBreaker } from 'src/platform/redis/redis-breaker';

import { LoginDelayedError } from './auth.errors';

const FAILURE_WINDOW_MS = 15 * 60_000;
const DEVICE_TOKEN_TTL_MS = 180 * 24 * 3600_000;

// One round trip: count a failure and, past the free ones, set the time before which new clients must wait.
const RECORD_FAILURE = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local free = tonumber(ARGV[2])
if failures >= free then
  local delay = math.min(tonumber(ARGV[3]) * 2 ^ (failures - free), tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(delay))
end
return failures`;

type ThrottleRedis = { dhakacartLoginFailure?: (failures: string, wait: string, ...args: number[]) => Promise<number> };

/**
 * Slows password guessing against one account without locking its owner out. Only failures count; past
 * LOGIN_FREE_FAILURES in 15 minutes, a client that has not signed in to this account before waits a delay that
 * doubles with each further failure, up to LOGIN_DELAY_MAX_MS (a progressive delay, not a wall). A client that has
 * (it holds a device token from an earlier sign-in) is never delayed by someone else's failures. Counters live in
 * Redis so they hold across replicas; without Redis there is no per-account delay (the per-IP limit remains).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly breaker: RedisBreaker,
    @Inject(rateLimitConfig.KEY) private readonly limits: RateLimitConfig,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  /** Throws LoginDelayedError when this client must wait before trying this account again. */
  async assertMayTry(email: string, deviceToken: string | undefined): Promise<void> {
    if (!this.limits.enabled || this.isTrustedDevice(email, deviceToken)) return;
    const waitMs = await this.breaker.run((redis) => redis.pttl(this.waitKey(email)), -2);
    if (waitMs > 0) throw new LoginDelayedError(Math.ceil(waitMs / 1000));
  }

  async recordFailure(email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await this.breaker.run(async (redis) => {
      const command = redis as typeof redis & ThrottleRedis;
      if (!command.dhakacartLoginFailure) redis.defineCommand('dhakacartLoginFailure', { numberOfKeys: 2, lua: RECORD_FAILURE });
      return command.dhakacartLoginFailure!(
        this.failuresKey(email),
        this.waitKey(email),
        FAILURE_WINDOW_MS,
        this.limits.loginFreeFailures,
        this.limits.loginDelayBaseMs,
        this.limits.loginDelayMaxMs,
      );
    }, 0);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.breaker.run((redis) => redis.del(this.failuresKey(email), this.waitKey(email)), 0);
  }

  /** A token the client keeps and sends with later sign-ins to this account: proof it has signed in before. */
  issueDeviceToken(email: string): string {
    const issuedAt = Date.now().toString(36);
    const nonce = randomBytes(12).toString('base64url');
    return `d1.${issuedAt}.${nonce}.${this.sign(email, issuedAt, nonce)}`;
  }

  private isTrustedDevice(email: string, token: string | undefined): boolean {
    const match = token ? /^d1\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
    if (!match) return false;
    const [, issuedAt, nonce, signature] = match;
    if (Date.now() - parseInt(issuedAt, 36) > DEVICE_TOKEN_TTL_MS) return false;
    const expected = Buffer.from(this.sign(email, issuedAt, nonce));
    return timingSafeEqual(expected, Buffer.from(signature));
  }

  private sign(email: string, issuedAt: string, nonce: string): string {
    return createHmac('sha256', this.auth.jwtSecret).update(`device:${email}:${issuedAt}:${nonce}`).digest('base64url');
  }

  private failuresKey(email: string): string {
    return `login:failures:${email}`;
  }

  private waitKey(email: string): string {
    return `login:wait:${email}`;
  }
}
