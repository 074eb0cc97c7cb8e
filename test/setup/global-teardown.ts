import { rmSync } from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../scripts/local-services.js') as {
  stopPostgres(dir: string): void;
  stopRedis(dir: string, port: number): void;
};

export default function globalTeardown(): void {
  const dir = process.env.TEST_SERVICES_DIR;
  if (!dir) return;
  services.stopPostgres(dir);
  services.stopRedis(dir, Number(process.env.TEST_REDIS_PORT));
  rmSync(dir, { recursive: true, force: true });
}
