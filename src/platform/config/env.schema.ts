import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** Secrets that may be given as `<NAME>_FILE` (a Docker secret path) instead of a plain variable. */
export const FILE_BACKED_SECRETS = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'SMTP_URL',
  'CHAT_WEBHOOK_URL',
  'METRICS_TOKEN',
] as const;

/** Settings that no longer exist: naming one is an error, so a stale deployment fails at boot instead of silently. */
const REPLACED_SETTINGS: Record<string, string> = {
  TRUST_PROXY_HOPS:
    'replaced by TRUSTED_PROXIES (the addresses or CIDR ranges of the proxies allowed to set X-Forwarded-For)',
};

/** `10.20.0.0/24, 127.0.0.1` -> ['10.20.0.0/24', '127.0.0.1']; an entry that is no IP address or CIDR is returned in `invalid`. */
export function parseAddressList(text: string): { entries: string[]; invalid: string[] } {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const invalid = entries.filter((entry) => {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
  });
  return { entries, invalid };
}

@ValidatorConstraint({ name: 'addressList' })
class AddressListConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseAddressList(value).invalid.length === 0;
  }

  defaultMessage(args: ValidationArguments): string {
    const invalid = typeof args.value === 'string' ? parseAddressList(args.value).invalid : [];
    return `${args.property} must be a comma-separated list of IP addresses or CIDR ranges (not ${invalid.join(', ')})`;
  }
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class EnvSchema {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  DATABASE_QUERY_TIMEOUT_MS = 20_000;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_DRAIN_MS = 10000;

  /**
   * How long a replica that was ready stays ready while the database or Redis (which every replica shares) is down:
   * taking every replica out, or having Swarm restart them all, helps nothing during a failover. Meanwhile
   * readiness answers 200 `degraded` and requests that need the database 503 DATABASE_UNAVAILABLE.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600000)
  DEPENDENCY_OUTAGE_GRACE_MS = 90000;

  @Transform(toBool)
  @IsBoolean()
  RUN_WORKERS = false;

  @IsString()
  APP_VERSION = 'dev';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 100 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120000)
  REQUEST_TIMEOUT_MS = 15000;

  @Transform(toBool)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** Requests per minute per client IP on ordinary routes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Sign-in, registration and refresh attempts per minute per client IP. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_MINUTE = 20;

  /** Registrations per minute per email address (sign-in counts failures instead: LOGIN_*). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_EMAIL_PER_MINUTE = 10;

  /** Token refreshes per minute per client IP: generous, since carrier NAT puts hundreds of customers behind one. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REFRESH_PER_MINUTE = 600;

  /** Failed sign-ins of one account (in 15 minutes) before new clients are slowed down. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FREE_FAILURES = 5;

  /** The first delay after the free failures; each further failure doubles it, up to LOGIN_DELAY_MAX_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  LOGIN_DELAY_BASE_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  LOGIN_DELAY_MAX_MS = 30_000;

  /** Checkouts per minute per customer. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CHECKOUT_PER_MINUTE = 10;

  /** Comma-separated origins allowed by CORS (empty: same-origin only). */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Addresses or CIDR ranges of the proxies (Traefik's network) whose X-Forwarded-For gives the client IP. A request
   * from any other address is that address, whatever its X-Forwarded-For says. Empty: no proxy is trusted.
   */
  @IsString()
  @Validate(AddressListConstraint)
  TRUSTED_PROXIES = '';

  /** Bearer token for /metrics and the detail of /health/ready (file-backed); required by the API in production. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  /** Serve /api/docs and /api/docs-json. Unset: on, except in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  API_DOCS_ENABLED?: boolean;

  /** How long a replica serves catalog reads from memory before asking PostgreSQL again. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  CATALOG_CACHE_TTL_MS = 2000;

  /** Memory a replica's catalog cache may hold, in bytes of serialised JSON (the heap holds about 1.5 × that). */
  @Transform(toInt)
  @IsInt()
  @Min(1_048_576)
  @Max(268_435_456)
  CATALOG_CACHE_MAX_BYTES = 33_554_432;

  /** SMTP server for customer e-mail, e.g. smtp://user:pass@mail:587 (file-backed). Unset: e-mails are logged, not sent. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'DhakaCart <orders@dhakacart.com>';

  /** Slack-compatible incoming webhook for operator notifications (file-backed). Unset: logged only. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'CHAT_WEBHOOK_URL must be an http(s) URL' })
  CHAT_WEBHOOK_URL?: string;

  /** An order still awaiting payment after this long is cancelled: 15m, 30s, 1h or milliseconds. */
  @Matches(/^\d+(ms|s|m|h)?$/, {
    message: 'ORDER_PAYMENT_TIMEOUT must look like 15m, 30s, 1h or a number of ms',
  })
  ORDER_PAYMENT_TIMEOUT = '15m';

  /** A cash-on-delivery order not confirmed by staff (moved on from pending_payment) within this long is cancelled. */
  @Matches(/^\d+(ms|s|m|h)?$/, {
    message: 'COD_CONFIRMATION_TIMEOUT must look like 24h, 90m, 30s or a number of ms',
  })
  COD_CONFIRMATION_TIMEOUT = '24h';

  /** Orders one customer may have awaiting payment or confirmation at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ORDER_MAX_OPEN_PER_CUSTOMER = 3;

  /** Units of one product one customer may hold in orders not yet shipped (a sale item's per-customer cap). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ORDER_MAX_UNITS_PER_PRODUCT = 10;

  /** Operators are told about paid orders from this total (paisa; default ৳50,000). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  OPERATOR_ALERT_ORDER_PAISA = 5_000_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  QUEUE_ATTEMPTS = 5;

  /** First retry delay; each retry doubles it. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  QUEUE_BACKOFF_MS = 2000;

  /**
   * The payment simulator (`POST /orders/:id/pay`): customers mark their own card and bKash orders paid or declined.
   * Unset: on in development and test, off in production (there only the provider's confirmation or staff pay).
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  PAYMENT_SIMULATOR_ENABLED?: boolean;

  /** Built storefront (client/dist); served when it exists. */
  @IsString()
  CLIENT_DIST_DIR = 'client/dist';

  @IsOptional()
  @IsString()
  APP_CONFIG_FILE?: string;
}

/**
 * Non-secret settings from `APP_CONFIG_FILE` (a JSON object of variable names to values; a Docker config in the
 * stack). Variables set in the environment win. Secrets are refused here: they belong in Docker secrets.
 */
function readSettingsFile(file: string, errors: string[]): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'not valid JSON';
    errors.push(`APP_CONFIG_FILE: cannot read ${file} (${reason})`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    errors.push(`APP_CONFIG_FILE: ${file} must hold a JSON object`);
    return {};
  }
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const secret = (FILE_BACKED_SECRETS as readonly string[]).includes(key.replace(/_FILE$/, ''));
    if (secret) {
      errors.push(
        `APP_CONFIG_FILE: ${key} is a secret; give it as a Docker secret (${key.replace(/_FILE$/, '')}_FILE)`,
      );
    } else if (!['string', 'number', 'boolean'].includes(typeof value)) {
      errors.push(`APP_CONFIG_FILE: ${key} must be a string, a number or a boolean`);
    } else {
      settings[key] = String(value);
    }
  }
  return settings;
}

export type Env = EnvSchema;

/**
 * Reads the settings file (`APP_CONFIG_FILE`) and `<NAME>_FILE` for every file-backed secret, then validates the whole environment at once,
 * so a bad deployment fails at boot with every problem listed.
 */
export function validateEnv(raw: Record<string, unknown>): EnvSchema {
  const fileErrors: string[] = [];
  const settingsFile = raw.APP_CONFIG_FILE;
  const settings =
    typeof settingsFile === 'string' && settingsFile.length > 0
      ? readSettingsFile(settingsFile, fileErrors)
      : {};
  const merged: Record<string, unknown> = { ...settings, ...raw };
  for (const [name, reason] of Object.entries(REPLACED_SETTINGS)) {
    if (merged[name] !== undefined && merged[name] !== '') fileErrors.push(`${name}: ${reason}`);
  }
  for (const name of FILE_BACKED_SECRETS) {
    const file = raw[`${name}_FILE`];
    if (typeof file === 'string' && file.length > 0) {
      try {
        merged[name] = readFileSync(file, 'utf8').trim();
      } catch (err) {
        fileErrors.push(
          `${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
    }
  }
  for (const [key, value] of Object.entries(merged)) {
    if (value === '') delete merged[key];
  }
  const env = plainToInstance(EnvSchema, merged, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  const messages = [
    ...fileErrors,
    ...errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
  ];
  if (messages.length > 0) {
    throw new Error(`Invalid environment:\n  - ${messages.join('\n  - ')}`);
  }
  return env;
}

/** Whether /api/docs is served: API_DOCS_ENABLED when set, otherwise everywhere but production. */
export function apiDocsEnabled(env: EnvSchema): boolean {
  return env.API_DOCS_ENABLED ?? env.NODE_ENV !== 'production';
}

/**
 * What the HTTP server needs on top of a valid environment. Checked where the API starts (not in validateEnv, which
 * the migration job and the worker share): in production /metrics must not be open, so METRICS_TOKEN is required.
 */
export function assertHttpServerEnv(env: EnvSchema): void {
  if (env.NODE_ENV === 'production' && !env.METRICS_TOKEN) {
    throw new Error(
      'Invalid environment:\n  - METRICS_TOKEN: required in production (give METRICS_TOKEN_FILE, a Docker secret); ' +
        'it guards /metrics and the detail of /health/ready',
    );
  }
}
