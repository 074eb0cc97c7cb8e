import { registerAs } from '@nestjs/config';

import { validateEnv } from './env.schema';

// Namespaces read the validated environment once; nothing outside platform/config touches process.env.
let cached: ReturnType<typeof validateEnv> | undefined;
const env = (): ReturnType<typeof validateEnv> => (cached ??= validateEnv(process.env));

/** The worker entry point always runs queue workers, whatever RUN_WORKERS says. */
export function enableWorkers(): void {
  process.env.RUN_WORKERS = 'true';
  cached = undefined;
}

/** Forget the cached environment (tests boot several apps with different settings in one process). */
export function resetEnvCache(): void {
  cached = undefined;
}

export const appConfig = registerAs('app', () => ({
  nodeEnv: env().NODE_ENV,
  port: env().PORT,
  version: env().APP_VERSION,
  runWorkers: env().RUN_WORKERS,
  shutdownDrainMs: env().SHUTDOWN_DRAIN_MS,
  dependencyOutageGraceMs: env().DEPENDENCY_OUTAGE_GRACE_MS,
  logLevel: env().LOG_LEVEL,
}));

export const databaseConfig = registerAs('database', () => ({
  url: env().DATABASE_URL,
  poolSize: env().DATABASE_POOL_SIZE,
  queryTimeoutMs: env().DATABASE_QUERY_TIMEOUT_MS,
}));

export const redisConfig = registerAs('redis', () => ({ url: env().REDIS_URL }));

export const authConfig = registerAs('auth', () => ({
  jwtSecret: env().JWT_SECRET,
  accessTtlSeconds: env().JWT_ACCESS_TTL_SECONDS,
  refreshTtlSeconds: env().REFRESH_TOKEN_TTL_SECONDS,
  adminEmail: env().ADMIN_EMAIL,
  adminPassword: env().ADMIN_PASSWORD,
}));

export const httpConfig = registerAs('http', () => ({
  bodyLimitBytes: env().BODY_LIMIT_BYTES,
  requestTimeoutMs: env().REQUEST_TIMEOUT_MS,
}));

/** Who may see the internal endpoints: /metrics and the detail of /health/ready. */
export const internalConfig = registerAs('internal', () => ({
  /** Bearer token Prometheus and operators present; unset (development, tests): /metrics is open. */
  metricsToken: env().METRICS_TOKEN,
  /** Outside production anyone may read why the app is not ready; in production only the token's bearer. */
  publicHealthDetails: env().NODE_ENV !== 'production',
}));

export const rateLimitConfig = registerAs('rateLimit', () => ({
  enabled: env().RATE_LIMIT_ENABLED,
  perMinute: env().RATE_LIMIT_PER_MINUTE,
  authPerMinute: env().RATE_LIMIT_AUTH_PER_MINUTE,
  authEmailPerMinute: env().RATE_LIMIT_AUTH_EMAIL_PER_MINUTE,
  checkoutPerMinute: env().RATE_LIMIT_CHECKOUT_PER_MINUTE,
  refreshPerMinute: env().RATE_LIMIT_REFRESH_PER_MINUTE,
  loginFreeFailures: env().LOGIN_FREE_FAILURES,
  loginDelayBaseMs: env().LOGIN_DELAY_BASE_MS,
  loginDelayMaxMs: env().LOGIN_DELAY_MAX_MS,
}));

export const catalogConfig = registerAs('catalog', () => ({
  cacheTtlMs: env().CATALOG_CACHE_TTL_MS,
  cacheMaxBytes: env().CATALOG_CACHE_MAX_BYTES,
}));

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
  if (!match) throw new Error(`Invalid duration: ${text}`);
  return Number(match[1]) * DURATION_MS[match[2] ?? 'ms'];
}

export const queueConfig = registerAs('queue', () => ({
  attempts: env().QUEUE_ATTEMPTS,
  backoffMs: env().QUEUE_BACKOFF_MS,
}));

export const notificationsConfig = registerAs('notifications', () => ({
  smtpUrl: env().SMTP_URL,
  smtpFrom: env().SMTP_FROM,
  chatWebhookUrl: env().CHAT_WEBHOOK_URL,
  paymentTimeoutMs: parseDuration(env().ORDER_PAYMENT_TIMEOUT),
  codConfirmationTimeoutMs: parseDuration(env().COD_CONFIRMATION_TIMEOUT),
  operatorAlertOrderPaisa: env().OPERATOR_ALERT_ORDER_PAISA,
}));

export const orderConfig = registerAs('order', () => ({
  simulatorEnabled: env().PAYMENT_SIMULATOR_ENABLED ?? env().NODE_ENV !== 'production',
  maxOpenOrdersPerCustomer: env().ORDER_MAX_OPEN_PER_CUSTOMER,
  maxUnitsPerProduct: env().ORDER_MAX_UNITS_PER_PRODUCT,
}));

export type AppConfig = ReturnType<typeof appConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type RedisConfig = ReturnType<typeof redisConfig>;
export type AuthConfig = ReturnType<typeof authConfig>;
export type HttpConfig = ReturnType<typeof httpConfig>;
export type InternalConfig = ReturnType<typeof internalConfig>;
export type RateLimitConfig = ReturnType<typeof rateLimitConfig>;
export type CatalogConfig = ReturnType<typeof catalogConfig>;
export type QueueConfig = ReturnType<typeof queueConfig>;
export type NotificationsConfig = ReturnType<typeof notificationsConfig>;
export type OrderConfig = ReturnType<typeof orderConfig>;

/** For code that runs before Nest exists (the app factory, the CLI data source, the seed). */
export const readEnv = env;
