import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { authConfig, AuthConfig, rateLimitConfig, RateLimitConfig } from 'src/platform/config/namespaces';
import { RedisBreaker } from 'src/platform/redis/redis-breaker';

import { LoginDelayedError } from './auth.errors';

const FAILURE_WINDOW_MS = 15 * 60_000;
const DEVICE_TOKEN_TTL_MS = 180 * 24 * 3600_000;

// Counts an attempt and, past the free ones, sets the time before which new clients must wait. With ARGV[5] = 1
// (a gate) it first refuses when that time has not passed, all in one step: attempts racing each other at the
// moment a delay ends cannot all get through. Returns the attempts so far, or minus the milliseconds to wait.
const COUNT_ATTEMPT = `
if ARGV[5] == '1' then
  local wait = redis.call('PTTL', KEYS[2])
  if wait > 0 then return -wait end
end
local attempts = redis.call('INCR', KEYS[1])
if attempts == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local free = tonumber(ARGV[2])
if attempts >= free then
  local delay = math.min(tonumber(ARGV[3]) * 2 ^ (attempts - free), tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(delay))
end
return attempts`;

type ThrottleRedis = {
  dhakacartLoginAttempt?: (attempts: string, wait: string, ...args: Array<number | string>) => Promise<number>;
};

/**
 * Slows password guessing against one account without locking its owner out. Attempts are counted when they start
 * and given back when they succeed, so only failures remain; past LOGIN_FREE_FAILURES in 15 minutes, a client that
 * has not signed in to this account before waits a delay that doubles with each further failure, up to
 * LOGIN_DELAY_MAX_MS (a progressive delay, not a wall). A client that has (it holds a device token from an earlier
 * sign-in, bound to the account's token version) is never delayed by someone else's failures. Counters live in
 * Redis so they hold across replicas; without Redis there is no per-account delay (the per-IP limit remains).
 */
@Injectable()
export class LoginThrottle {
  private readonly deviceKey: Buffer;

  constructor(
    private readonly breaker: RedisBreaker,
    @Inject(rateLimitConfig.KEY) private readonly limits: RateLimitConfig,
    @Inject(authConfig.KEY) auth: AuthConfig,
  ) {
    // A key of its own for device tokens, derived from the signing secret (rotating that secret ends them all).
    this.deviceKey = createHmac('sha256', auth.jwtSecret).update('dhakacart device tokens v1').digest();
  }

  /**
   * Counts this attempt; throws LoginDelayedError when a new client must wait first. A trusted client is counted
   * only if it fails (recordTrustedFailure).
   */
  async admit(email: string, trusted: boolean): Promise<void> {
    if (!this.limits.enabled || trusted) return;
    const result = await this.count(email, true);
    if (result < 0) throw new LoginDelayedError(Math.ceil(-result / 1000));
  }

  async recordTrustedFailure(email: string): Promise<void> {
    if (this.limits.enabled) await this.count(email, false);
  }

  /** A successful sign-in gives the attempts back: only failures count. */
  async recordSuccess(email: string): Promise<void> {
    await this.breaker.run((redis) => redis.del(this.attemptsKey(email), this.waitKey(email)), 0);
  }

  /** A token the client keeps and sends with later sign-ins: proof it signed in to this account before. */
  issueDeviceToken(email: string, tokenVersion: number): string {
    const issuedAt = Date.now().toString(36);
    const nonce = randomBytes(12).toString('base64url');
    return `d1.${issuedAt}.${nonce}.${this.sign(email, tokenVersion, issuedAt, nonce)}`;
  }

  /** Valid while the account's token version is unchanged: a role change, disable or sign-out-everywhere ends it. */
  isTrustedDevice(email: string, tokenVersion: number | undefined, token: string | undefined): boolean {
    if (tokenVersion === undefined || !token) return false;
    const match = /^d1\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return false;
    const [, issuedAt, nonce, signature] = match;
    if (Date.now() - parseInt(issuedAt, 36) > DEVICE_TOKEN_TTL_MS) return false;
    const expected = Buffer.from(this.sign(email, tokenVersion, issuedAt, nonce));
    return timingSafeEqual(expected, Buffer.from(signature));
  }

  private count(email: string, gate: boolean): Promise<number> {
    return this.breaker.run(async (redis) => {
      const command = redis as typeof redis & ThrottleRedis;
      if (!command.dhakacartLoginAttempt) redis.defineCommand('dhakacartLoginAttempt', { numberOfKeys: 2, lua: COUNT_ATTEMPT });
      return command.dhakacartLoginAttempt!(
        this.attemptsKey(email),
        this.waitKey(email),
        FAILURE_WINDOW_MS,
        this.limits.loginFreeFailures,
        this.limits.loginDelayBaseMs,
        this.limits.loginDelayMaxMs,
        gate ? '1' : '0',
      );
    }, 0);
  }

  private sign(email: string, tokenVersion: number, issuedAt: string, nonce: string): string {
    return createHmac('sha256', this.deviceKey).update(`${email}:${tokenVersion}:${issuedAt}:${nonce}`).digest('base64url');
  }

  private attemptsKey(email: string): string {
    return `login:attempts:${email}`;
  }

  private waitKey(email: string): string {
    return `login:wait:${email}`;
  }
}
