import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from 'src/platform/database/data-source';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
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

// A replica that was ready stays ready (200 "degraded") this long while a shared dependency is down, then is not.
// Long enough that stopping the dependency and the first probes fit in it on a busy machine.
const GRACE_MS = 8000;

describe('Readiness with a dependency down (e2e)', () => {
  describe('Redis stopped', () => {
    let t: TestApp;
    let redis: ChildProcess;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      redis = await startRedis(port);
      t = await bootApp({
        REDIS_URL: `redis://127.0.0.1:${port}`,
        DEPENDENCY_OUTAGE_GRACE_MS: String(GRACE_MS),
      });
      await createProduct(t.db, { name: 'Resilient Router' });
    });
    afterAll(async () => {
      redis.kill('SIGKILL');
      await t.close();
    });

    it('should report Redis down by name, stay ready for the grace period, keep catalog reads answering, and recover when Redis returns', async () => {
      await t.http.get('/health/ready').expect(200);

      redis.kill('SIGKILL');
      const degraded = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.body.status === 'degraded',
      );
      expect(degraded.status).toBe(200);
      expect(degraded.body.error).toHaveProperty('redis');
      const down = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 503,
        GRACE_MS + 5000,
      );
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
      // Two checkouts a minute: the refused ones during the outage must not use them up.
      t = await bootApp({
        DATABASE_URL: url,
        DEPENDENCY_OUTAGE_GRACE_MS: String(GRACE_MS),
        RATE_LIMIT_CHECKOUT_PER_MINUTE: '2',
      });
    });
    afterAll(async () => {
      await t.close().catch(() => undefined);
      services.stopPostgres(dir);
      rmSync(dir, { recursive: true, force: true });
    });

    it('should answer 503 DATABASE_UNAVAILABLE at once, stay ready for the grace period, and recover by itself', async () => {
      const product = await createProduct(t.db, { name: 'Failover Phone', stock: 5 });
      const customer = await signUp(t.http, t.db);
      await t.http
        .post('/api/v1/cart/items')
        .set(customer.auth)
        .send({ productId: product.id, quantity: 1 })
        .expect(200);
      await t.http.get('/health/ready').expect(200);

      services.stopPostgres(dir);
      const degraded = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.body.status === 'degraded',
      );
      expect(degraded.status).toBe(200);
      expect(degraded.body.error).toHaveProperty('database');
      await t.http.get('/health/live').expect(200);

      // A checkout while there is no database: a clear, quick 503 with Retry-After, never a 500 or a hung request.
      const key = randomUUID();
      const checkout = () => t.http.post('/api/v1/orders').set(customer.auth).set('Idempotency-Key', key).send(SHIPPING);
      const started = Date.now();
      const refused = await checkout();
      expect(Date.now() - started).toBeLessThan(6000);
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: expect.any(String),
        requestId: expect.any(String),
        details: { retryAfterSeconds: 2 },
      });
      expect(refused.headers['retry-after']).toBe('2');
      // The customer retries; each refusal is a 503 again, not a 429, and none counts against the limit.
      for (let i = 0; i < 2; i += 1) expect((await checkout()).status).toBe(503);

      const down = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 503,
        GRACE_MS + 5000,
      );
      expect(down.body).toMatchObject({ code: 'NOT_READY', message: 'Not ready: database down' });

      services.startPostgres(dir, pgPort);
      const up = await eventually(
        () => t.http.get('/health/ready'),
        (r) => r.status === 200 && r.body.status === 'ok',
        15_000,
      );
      expect(up.status).toBe(200);

      // The pool reconnected by itself; the same checkout retried with its key places one order, and a replay
      // returns that order.
      const placed = await checkout();
      expect(placed.status).toBe(201);
      const replay = await checkout();
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(placed.body.id);
      const [{ count }] = await t.db.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM orders WHERE user_id = $1',
        [customer.id],
      );
      expect(count).toBe(1);
      expect(await stockOf(t.db, product.id)).toEqual({ onHand: 5, allocated: 1 });
    });
  });
});
