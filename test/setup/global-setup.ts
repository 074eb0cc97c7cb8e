import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/platform/database/data-source';
import { TEMPLATE_DB, withDatabase } from './database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../scripts/local-services.js') as {
  startPostgres(dir: string, port: number): string;
  startRedis(dir: string, port: number): string;
  freePorts(count: number): Promise<number[]>;
};

/**
 * Starts private PostgreSQL and Redis servers (unless TEST_DATABASE_URL / TEST_REDIS_URL point at running ones)
 * and builds a migrated template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL) {
    const [pgPort, redisPort] = await services.freePorts(2);
    const dir = mkdtempSync(join(tmpdir(), 'dhakacart-test-'));
    process.env.TEST_SERVICES_DIR = dir;
    process.env.TEST_PG_PORT = String(pgPort);
    process.env.TEST_REDIS_PORT = String(redisPort);
    process.env.TEST_DATABASE_URL ??= services.startPostgres(dir, pgPort);
    process.env.TEST_REDIS_URL ??= services.startRedis(dir, redisPort);
  }
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const dataSource = new DataSource(
    dataSourceOptions(withDatabase(process.env.TEST_DATABASE_URL, TEMPLATE_DB), 1),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
