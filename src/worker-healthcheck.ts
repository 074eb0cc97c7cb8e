import { readFileSync } from 'node:fs';

import { HEARTBEAT_FILE, HEARTBEAT_MAX_AGE_MS } from './worker-heartbeat';

// The container HEALTHCHECK of our processes without HTTP: exit 0 only when a heartbeat file is fresh. No
// dependencies, fast start. `node dist/worker-healthcheck.js` checks the worker's heartbeat; with arguments
// `<file> <max age in ms>` any other (the autoscaler's, swarm/autoscaler.yml).
const [file = HEARTBEAT_FILE, maxAge = String(HEARTBEAT_MAX_AGE_MS)] = process.argv.slice(2);
try {
  const age = Date.now() - Number(readFileSync(file, 'utf8'));
  process.exit(age >= 0 && age <= Number(maxAge) ? 0 : 1);
} catch {
  process.exit(1);
}
