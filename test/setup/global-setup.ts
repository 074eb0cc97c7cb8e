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
};

/**
 * Starts private PostgreSQL and Redis servers (unless TEST_DATABASE_URL / TEST_REDIS_URL point at running ones)
 * and builds a migrated template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const base = 20000 + (process.pid % 20000);
  if (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'dhakacart-test-'));
    process.env.TEST_SERVICES_DIR = dir;
    process.env.TEST_PG_PORT = String(base);
    process.env.TEST_REDIS_PORT = String(base + 1);
    process.env.TEST_DATABASE_URL ??= services.startPostgres(dir, base);
    process.env.TEST_REDIS_URL ??= services.startRedis(dir, base + 1);
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
