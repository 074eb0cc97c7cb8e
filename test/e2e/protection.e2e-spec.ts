import { randomUUID } from 'node:crypto';

import { createProduct } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

describe('Protection (e2e)', () => {
  describe('rate limits shared by two replicas through Redis', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      const strict = {
        RATE_LIMIT_AUTH_PER_MINUTE: '6',
        RATE_LIMIT_AUTH_EMAIL_PER_MINUTE: '3',
        LOGIN_FREE_FAILURES: '3',
        RATE_LIMIT_CHECKOUT_PER_MINUTE: '2',
        RATE_LIMIT_PER_MINUTE: '40',
        CORS_ORIGINS: 'https://shop.dhakacart.com',
      };
      a = await bootApp(strict);
      b = await bootApp(strict, { shareWith: a });
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    it('should delay sign-in to an account after its free failures across both replicas with 429, Retry-After and the error body', async () => {
      const email = `target-${randomUUID()}@example.com`;
      const attempt = (app: TestApp) =>
        app.http
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', '203.0.113.7')
          .send({ email, password: 'guess-123' });
      const statuses = [(await attempt(a)).status, (await attempt(b)).status, (await attempt(a)).status];
      const blocked = await attempt(b);
      expect(statuses).toEqual([401, 401, 401]);
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(blocked.body).toEqual({
        statusCode: 429,
        code: 'LOGIN_DELAYED',
        message: expect.any(String),
        requestId: expect.any(String),
        details: { retryAfterSeconds: Number(blocked.headers['retry-after']) },
      });
    });

    it('should limit auth routes per client IP, whatever the email, while other IPs carry on', async () => {
      const ip = '198.51.100.20';
      const results = [];
      for (let i = 0; i < 7; i += 1) {
        const app = i % 2 ? a : b;
        results.push(
          (
            await app.http
              .post('/api/v1/auth/login')
              .set('X-Forwarded-For', ip)
              .send({ email: `x${i}@example.com`, password: 'guess-123' })
          ).status,
        );
      }
      expect(results.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
      expect(results[6]).toBe(429);
      await a.http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '198.51.100.21')
        .send({ email: 'y@example.com', password: 'guess-123' })
        .expect(401);
    });

    it('should limit checkouts per customer', async () => {
      const product = await createProduct(a.db, { stock: 100 });
      const customer = await signUp(a.http.set('X-Forwarded-For', '192.0.2.50'), a.db);
      const place = async (app: TestApp) => {
        await app.http
          .post('/api/v1/cart/items')
          .set(customer.auth)
          .send({ productId: product.id, quantity: 1 });
        return app.http
          .post('/api/v1/orders')
          .set(customer.auth)
          .set('Idempotency-Key', randomUUID())
          .send(SHIPPING);
      };
      expect((await place(a)).status).toBe(201);
      expect((await place(b)).status).toBe(201);
      const third = await place(a);
      expect(third.status).toBe(429);
      expect(third.body.code).toBe('RATE_LIMITED');
    });

    it('should allow generous traffic elsewhere and never limit health checks', async () => {
      const ip = '192.0.2.99';
      const reads = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).http.get('/api/v1/categories').set('X-Forwarded-For', ip),
        ),
      );
      expect(reads.every((r) => r.status === 200)).toBe(true);
      expect((await a.http.get('/api/v1/categories').set('X-Forwarded-For', ip)).status).toBe(429);
      for (let i = 0; i < 50; i += 1) await b.http.get('/health/live').set('X-Forwarded-For', ip).expect(200);
    });

    it('should send security headers and allow only configured CORS origins', async () => {
      const res = await a.http
        .get('/api/v1/categories')
        .set('Origin', 'https://shop.dhakacart.com')
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.dhakacart.com');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      const foreign = await a.http
        .get('/api/v1/categories')
        .set('Origin', 'https://evil.example')
        .expect(200);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await a.http
        .options('/api/v1/orders')
        .set('Origin', 'https://shop.dhakacart.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'idempotency-key,authorization');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toContain('Idempotency-Key');
    });
  });
});
