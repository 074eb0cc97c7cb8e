import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the worker records that it can reach PostgreSQL and Redis, and how often. */
export const HEARTBEAT_FILE =
  process.env.WORKER_HEARTBEAT_FILE ?? join(tmpdir(), 'dhakacart-worker.heartbeat');
export const HEARTBEAT_INTERVAL_MS = 5000;
/** Older than this, the worker counts as unhealthy (three missed beats). */
export const HEARTBEAT_MAX_AGE_MS = 3 * HEARTBEAT_INTERVAL_MS;
