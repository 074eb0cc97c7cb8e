import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { apiDocsEnabled, assertHttpServerEnv, parseAddressList, validateEnv } from './env.schema';
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

describe('validateEnv with a settings file (APP_CONFIG_FILE, a Docker config)', () => {
  const settingsFile = (content: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'settings.json');
    writeFileSync(file, content);
    return file;
  };

  it('should take non-secret settings from the file, the environment winning', () => {
    const file = settingsFile(
      JSON.stringify({ RATE_LIMIT_PER_MINUTE: 600, LOG_LEVEL: 'warn', RUN_WORKERS: true }),
    );
    const env = validateEnv({ ...VALID, APP_CONFIG_FILE: file, LOG_LEVEL: 'debug' });
    expect(env).toMatchObject({ RATE_LIMIT_PER_MINUTE: 600, LOG_LEVEL: 'debug', RUN_WORKERS: true });
  });

  it('should validate the values it reads like any variable', () => {
    const file = settingsFile(JSON.stringify({ RATE_LIMIT_PER_MINUTE: 'lots' }));
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: file })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it('should refuse secrets, nested values and a file that is not a JSON object', () => {
    const secret = settingsFile(
      JSON.stringify({ JWT_SECRET: 'x'.repeat(40), SMTP_URL_FILE: '/run/secrets/smtp' }),
    );
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: secret })).toThrow(
      /JWT_SECRET is a secret[\s\S]*SMTP_URL_FILE is a secret/,
    );
    const nested = settingsFile(JSON.stringify({ PORT: { value: 1 } }));
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: nested })).toThrow(/PORT must be a string/);
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: settingsFile('[1]') })).toThrow(
      /must hold a JSON object/,
    );
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: settingsFile('{oops') })).toThrow(/not valid JSON/);
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: '/no/such/settings.json' })).toThrow(/ENOENT/);
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

describe('validateEnv: proxies and the internal token', () => {
  it('should take TRUSTED_PROXIES as a list of addresses and CIDR ranges', () => {
    const env = validateEnv({ ...VALID, TRUSTED_PROXIES: '10.20.0.0/24, 127.0.0.1 ,::1/128' });
    expect(parseAddressList(env.TRUSTED_PROXIES).entries).toEqual(['10.20.0.0/24', '127.0.0.1', '::1/128']);
    expect(validateEnv(VALID).TRUSTED_PROXIES).toBe('');
  });

  it.each(['10.20.0.0/33', 'traefik', '10.20.0.0/24/1', '10.20.0/24', '::1/129'])(
    'should refuse %s in TRUSTED_PROXIES',
    (entry) => {
      expect(() => validateEnv({ ...VALID, TRUSTED_PROXIES: `127.0.0.1, ${entry}` })).toThrow(
        new RegExp(`TRUSTED_PROXIES: .*\\(not ${entry.replace(/[/.]/g, '\\$&')}\\)`),
      );
    },
  );

  it('should refuse the replaced TRUST_PROXY_HOPS, in the environment or the settings file', () => {
    expect(() => validateEnv({ ...VALID, TRUST_PROXY_HOPS: '1' })).toThrow(/TRUST_PROXY_HOPS: replaced by TRUSTED_PROXIES/);
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'settings.json');
    writeFileSync(file, JSON.stringify({ TRUST_PROXY_HOPS: 1 }));
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: file })).toThrow(/TRUST_PROXY_HOPS: replaced/);
  });

  it('should read METRICS_TOKEN from METRICS_TOKEN_FILE and refuse it in the settings file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, 'token'), `${'m'.repeat(40)}\n`);
    expect(validateEnv({ ...VALID, METRICS_TOKEN_FILE: join(dir, 'token') }).METRICS_TOKEN).toBe('m'.repeat(40));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ METRICS_TOKEN: 'm'.repeat(40) }));
    expect(() => validateEnv({ ...VALID, APP_CONFIG_FILE: join(dir, 'settings.json') })).toThrow(/METRICS_TOKEN is a secret/);
    expect(() => validateEnv({ ...VALID, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32/);
  });

  it('should require METRICS_TOKEN of the HTTP server in production only, and turn the docs off there', () => {
    const production = validateEnv({ ...VALID, NODE_ENV: 'production' });
    expect(() => assertHttpServerEnv(production)).toThrow(/METRICS_TOKEN: required in production/);
    expect(() => assertHttpServerEnv({ ...production, METRICS_TOKEN: 'm'.repeat(32) })).not.toThrow();
    expect(() => assertHttpServerEnv(validateEnv(VALID))).not.toThrow();
    expect(apiDocsEnabled(production)).toBe(false);
    expect(apiDocsEnabled(validateEnv({ ...VALID, NODE_ENV: 'production', API_DOCS_ENABLED: 'true' }))).toBe(true);
    expect(apiDocsEnabled(validateEnv(VALID))).toBe(true);
    expect(apiDocsEnabled(validateEnv({ ...VALID, API_DOCS_ENABLED: 'false' }))).toBe(false);
  });
});
