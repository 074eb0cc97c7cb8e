import { createAdapter } from 'src/app.factory';
import { resetEnvCache } from 'src/platform/config/namespaces';
import { ShutdownService } from 'src/platform/health/shutdown.service';

import { bootApp, TestApp } from '../setup/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Internal endpoints in production (e2e)', () => {
  describe('with the default settings', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await bootApp({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN });
    });
    afterAll(async () => {
      await t.close();
    });

    it.each([
      ['no credential', {}],
      ['a wrong token', bearer('not-the-token-but-just-as-long-012345')],
      ['the token as a different scheme', { Authorization: `Basic ${TOKEN}` }],
      ['a prefix of the token', bearer(TOKEN.slice(0, -1))],
    ])('should refuse /metrics with 401 and the error body for %s', async (_name, headers) => {
      const res = await t.http.get('/metrics').set(headers).set('X-Request-Id', 'metrics-401');

      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHORIZED',
        message: expect.any(String),
        requestId: 'metrics-401',
      });
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.text).not.toContain('process_cpu');
    });

    it('should serve /metrics to the bearer of the metrics token', async () => {
      const res = await t.http.get('/metrics').set(bearer(TOKEN)).expect(200);

      expect(res.text).toContain('process_cpu_user_seconds_total');
    });

    it.each(['/api/docs', '/api/docs-json', '/api/docs/swagger-ui-init.js'])(
      'should not serve %s in production unless enabled',
      async (path) => {
        const res = await t.http.get(path).expect(404);

        expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      },
    );

    it('should tell the public only that it is ready, and the bearer of the token what it checked', async () => {
      const open = await t.http.get('/health/ready').expect(200);
      const detailed = await t.http.get('/health/ready').set(bearer(TOKEN)).expect(200);

      expect(open.body).toEqual({ status: 'ok' });
      expect(detailed.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('should say only "not ready" to the public when it is not ready, and why to the bearer of the token', async () => {
      await t.app.get(ShutdownService).beforeApplicationShutdown('TEST');

      const open = await t.http.get('/health/ready').set('X-Request-Id', 'ready-503').expect(503);
      const detailed = await t.http.get('/health/ready').set(bearer(TOKEN)).expect(503);

      expect(open.body).toEqual({ statusCode: 503, code: 'NOT_READY', message: 'Not ready', requestId: 'ready-503' });
      expect(detailed.body).toMatchObject({
        code: 'NOT_READY',
        message: 'Not ready: lifecycle down',
        details: { error: { lifecycle: { status: 'down' } } },
      });
    });
  });

  describe('with the API documentation enabled', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await bootApp({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN, API_DOCS_ENABLED: 'true' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('should serve /api/docs and /api/docs-json', async () => {
      await t.http.get('/api/docs').expect(200);
      const json = await t.http.get('/api/docs-json').expect(200);
      expect(json.body.info.title).toBe('DhakaCart API');
    });
  });

  describe('settings checked at start', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
      resetEnvCache();
    });

    it.each([
      ['no metrics token', {}],
      ['a short metrics token', { METRICS_TOKEN: 'short' }],
    ])('should refuse to start the HTTP server in production with %s', (_name, env: Record<string, string>) => {
      delete process.env.METRICS_TOKEN;
      Object.assign(process.env, { NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', REDIS_URL: 'redis://x' }, env);
      resetEnvCache();

      expect(() => createAdapter()).toThrow(/METRICS_TOKEN/);
    });
  });
});
