import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateEnv } from './env.schema';
import { parseDuration } from './namespaces';

const VALID = {
  DATABASE_URL: 'postgres://u@h/db',
  REDIS_URL: 'redis://h:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('validateEnv', () => {
  it('should apply defaults and convert numbers and booleans', () => {
    const env = validateEnv({ ...VALID, PORT: '8080', RUN_WORKERS: 'true' });
    expect(env).toMatchObject({
      PORT: 8080,
      RUN_WORKERS: true,
      SHUTDOWN_DRAIN_MS: 10000,
      NODE_ENV: 'development',
    });
  });

  it('should list every invalid variable at once', () => {
    expect(() => validateEnv({ PORT: 'eighty', JWT_SECRET: 'short', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*REDIS_URL[\s\S]*JWT_SECRET/,
    );
  });

  it('should read secrets from *_FILE (Docker secrets), trimming the trailing newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, 'jwt'), `${'s'.repeat(40)}\n`);
    writeFileSync(join(dir, 'db'), 'postgres://app@db/shop\n');
    const env = validateEnv({
      REDIS_URL: VALID.REDIS_URL,
      JWT_SECRET_FILE: join(dir, 'jwt'),
      DATABASE_URL_FILE: join(dir, 'db'),
    });
    expect(env.JWT_SECRET).toBe('s'.repeat(40));
    expect(env.DATABASE_URL).toBe('postgres://app@db/shop');
  });

  it('should name a *_FILE that cannot be read', () => {
    expect(() => validateEnv({ ...VALID, JWT_SECRET_FILE: '/no/such/file' })).toThrow(
      /JWT_SECRET_FILE: cannot read \/no\/such\/file \(ENOENT\)/,
    );
  });
});

describe('parseDuration', () => {
  it('should read ms, s, m and h, and plain milliseconds', () => {
    expect([
      parseDuration('15m'),
      parseDuration('30s'),
      parseDuration('1h'),
      parseDuration('250ms'),
      parseDuration('900'),
    ]).toEqual([900_000, 30_000, 3_600_000, 250, 900]);
    expect(() => parseDuration('soon')).toThrow('Invalid duration');
  });
});
