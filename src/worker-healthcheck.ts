import { readFileSync } from 'node:fs';

import { HEARTBEAT_FILE, HEARTBEAT_MAX_AGE_MS } from './worker-heartbeat';

// The worker's container HEALTHCHECK: exit 0 only when its heartbeat is fresh. No dependencies, fast start.
try {
  const age = Date.now() - Number(readFileSync(HEARTBEAT_FILE, 'utf8'));
  process.exit(age >= 0 && age <= HEARTBEAT_MAX_AGE_MS ? 0 : 1);
} catch {
  process.exit(1);
}
