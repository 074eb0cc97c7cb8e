import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from 'src/platform/database/data-source';

import { createProduct } from '../factories/catalog.factory';
import { bootApp, TestApp } from '../setup/test-app';
import { freePort } from '../setup/spawn-app';
import { eventually } from '../setup/stand-ins';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../scripts/local-services.js') as {
  startPostgres(dir: string, port: number): string;
  stopPostgres(dir: string): void;
  spawnRedis(port: number): ChildProcess;
};

async function startRedis(port: number): Promise<ChildProcess> {
  const child = services.spawnRedis(port);
  await new Promise((r) => setTimeout(r, 300));
  return child;
}

describe('Readiness with a dependency down (e2e)', () => {
  describe('Redis stopped', () => {
    let t: TestApp;
    let redis: ChildProcess;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      redis = await startRedis(port);
      t = await bootApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
      await createProduct(t.db, { name: 'Resilient Router' });
    });
    afterAll(async () => {
      redis.kill('SIGKILL');
      await t.close();
    });

    it('should report Redis down by name, keep catalog reads answering, and recover when Redis returns', async () => {
      await t.http.get('/health/ready').expect(200);

      redis.kill('SIGKILL');
      const down = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 503,
      );
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ code: 'NOT_READY', message: 'Not ready: redis down' });
      expect(down.body.details.error).toHaveProperty('redis');

      for (const path of ['/api/v1/products', '/api/v1/products?q=router', '/api/v1/categories']) {
        const started = Date.now();
        const res = await t.http.get(path);
        expect([path, res.status]).toEqual([path, 200]);
        expect(Date.now() - started).toBeLessThan(1500);
      }

      redis = await startRedis(port);
      const up = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 200,
        15_000,
      );
      expect(up.status).toBe(200);
    });
  });

  describe('PostgreSQL stopped', () => {
    let t: TestApp;
    let dir: string;
    let pgPort: number;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'dhakacart-pg-'));
      pgPort = await freePort();
      const adminUrl = services.startPostgres(dir, pgPort);
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE shop');
      await admin.end();
      const url = adminUrl.replace(/\/postgres$/, '/shop');
      const migrate = new DataSource(dataSourceOptions(url, 1));
      await migrate.initialize();
      await migrate.runMigrations();
      await migrate.destroy();
      t = await bootApp({ DATABASE_URL: url });
    });
    afterAll(async () => {
      await t.close().catch(() => undefined);
      services.stopPostgres(dir);
      rmSync(dir, { recursive: true, force: true });
    });

    it('should report the database down by name and recover when it returns', async () => {
      await t.http.get('/health/ready').expect(200);

      services.stopPostgres(dir);
      const down = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 503,
      );
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ code: 'NOT_READY', message: 'Not ready: database down' });
      await t.http.get('/health/live').expect(200);

      services.startPostgres(dir, pgPort);
      const up = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 200,
        15_000,
      );
      expect(up.status).toBe(200);
    });
  });
});
