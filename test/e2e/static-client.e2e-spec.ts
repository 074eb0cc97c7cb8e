import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bootApp, TestApp } from '../setup/test-app';

describe('Serving the built client (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'client-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>DhakaCart</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-3f2a1b.js'), 'console.log("shop")');
    t = await bootApp({ CLIENT_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should serve index.html uncached at / and for client-side routes', async () => {
    for (const path of ['/', '/products/walton-primo', '/account/orders', '/admin']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('should serve hashed assets with a year-long immutable cache', async () => {
    const res = await t.http.get('/assets/index-3f2a1b.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await t.http.get('/assets/missing-file.js').expect(404);
  });

  it('should leave API, health and metrics paths to the API', async () => {
    const unknownApi = await t.http.get('/api/v1/no-such-route').expect(404);
    expect(unknownApi.body.code).toBe('NOT_FOUND');
    await t.http.get('/api/v1/categories').expect(200);
    await t.http.get('/health/live').expect(200);
    expect((await t.http.get('/health/nope').expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('should answer an API path parameter too long for the router with 414, not the catch-all 404', async () => {
    const res = await t.http.get(`/api/v1/products/${'a'.repeat(300)}`).expect(414);
    expect(res.body).toMatchObject({ statusCode: 414, code: 'URI_TOO_LONG' });
    await t.http.get(`/shop/${'a'.repeat(300)}`).expect(200);
  });
});
