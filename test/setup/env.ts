// Every jest worker: UTC, quiet logs unless asked, and test secrets (never used outside tests).
process.env.TZ = 'UTC';
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.JWT_SECRET ??= 'test-only-secret-test-only-secret-0123456789';
process.env.SHUTDOWN_DRAIN_MS ??= '0';
// Tests act as hundreds of customers from one address; the rate-limit tests set strict limits themselves.
process.env.RATE_LIMIT_PER_MINUTE ??= '1000000';
process.env.RATE_LIMIT_AUTH_PER_MINUTE ??= '1000000';
process.env.RATE_LIMIT_AUTH_EMAIL_PER_MINUTE ??= '1000000';
process.env.RATE_LIMIT_CHECKOUT_PER_MINUTE ??= '1000000';
// Tests buy in bulk with one customer; the hoarding tests set the shop's real limits themselves.
process.env.ORDER_MAX_OPEN_PER_CUSTOMER ??= '1000';
process.env.ORDER_MAX_UNITS_PER_PRODUCT ??= '1000000';
// Tests connect from loopback and set X-Forwarded-For to act as many clients, as Traefik would for them.
process.env.TRUSTED_PROXIES ??= '127.0.0.1/32, ::1/128';
