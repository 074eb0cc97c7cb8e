// Every jest worker: UTC, quiet logs unless asked, and test secrets (never used outside tests).
process.env.TZ = 'UTC';
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.JWT_SECRET ??= 'test-only-secret-test-only-secret-0123456789';
process.env.SHUTDOWN_DRAIN_MS ??= '0';
