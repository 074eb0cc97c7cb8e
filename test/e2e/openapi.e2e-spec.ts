import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { bootApp, TestApp } from '../setup/test-app';

interface Operation {
  summary?: string;
  security?: unknown[];
}

describe('OpenAPI (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should serve the interactive documentation and the JSON document', async () => {
    const ui = await t.http.get('/api/docs').expect(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const json = await t.http.get('/api/docs-json').expect(200);
    expect(json.body.info.title).toBe('DhakaCart API');
  });

  it('should document every API route, with the permission of every admin route', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const { path, method, op } of operations.filter((o) => o.path.startsWith('/api/v1'))) {
      expect([method, path, typeof op.summary]).toEqual([method, path, 'string']);
      if (path.startsWith('/api/v1/admin'))
        {expect([path, op.summary]).toEqual([path, expect.stringMatching(/\[[a-z]+:[a-z]+/)]);}
    }
  });

  it('should match the committed docs/openapi.json (run `npm run openapi` after changing routes)', async () => {
    const served = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, unknown>;
    };
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8'),
    ) as { paths: Record<string, unknown> };
    expect(committed.paths).toEqual(served.paths);
  });
});
