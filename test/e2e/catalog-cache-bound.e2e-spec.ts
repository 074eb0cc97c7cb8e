import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { createProduct } from '../factories/catalog.factory';
import { bootApp, TestApp } from '../setup/test-app';

const MAX_BYTES = 8 * 1024 * 1024;
// The cache may hold MAX_BYTES of serialised JSON, about 1.5 × that on the heap; the rest is slack for the
// app's own garbage that survives a collection. The unbounded cache grew the heap by ~200 MB on this flood.
const HEAP_GROWTH_BOUND = 2 * MAX_BYTES + 24 * 1024 * 1024;
const PRODUCTS = 150;
const WORDS = Array.from({ length: 120 }, (_, i) => `k${i}q`);
const SORTS = ['newest', 'price_asc', 'price_desc', 'name'];

function collectGarbage(): () => void {
  if (typeof global.gc === 'function') return () => void global.gc!();
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

// Each product's description names about half of WORDS, so a search for any word fills several pages.
function description(p: number): string {
  const words = WORDS.filter((_, i) => (i * 7 + p * 13) % 2 === 0).join(' ');
  return `${words} ${'spec sheet '.repeat(40)}`;
}

/** A few thousand distinct list queries: a third canonical (searches), the rest odd limits and price floors. */
function floodPaths(): string[] {
  const paths: string[] = [];
  for (const word of WORDS) {
    for (const sort of SORTS) {
      for (const page of [1, 2]) paths.push(`/api/v1/products?q=${word}&sort=${sort}&page=${page}&limit=24`);
    }
  }
  for (let i = 0; paths.length < 3000; i += 1) {
    const limit = 1 + (i % 100);
    const page = 1 + (i % 2);
    paths.push(`/api/v1/products?limit=${limit}&page=${page}&minPrice=${i}&sort=${SORTS[i % SORTS.length]}`);
  }
  return paths;
}

describe('Catalog cache under a flood of distinct queries (e2e)', () => {
  let t: TestApp;
  let gc: () => void;

  const cacheMetrics = async (): Promise<{ bytes?: number; entries?: number }> => {
    const text = (await t.http.get('/metrics').expect(200)).text;
    return {
      bytes: sample(text, 'dhakacart_catalog_cache_bytes'),
      entries: sample(text, 'dhakacart_catalog_cache_entries'),
    };
  };

  beforeAll(async () => {
    gc = collectGarbage();
    // A TTL far longer than the flood (even on a loaded machine): whatever bounds the cache here, it is not expiry.
    t = await bootApp({ CATALOG_CACHE_MAX_BYTES: String(MAX_BYTES), CATALOG_CACHE_TTL_MS: '600000' });
    for (let p = 0; p < PRODUCTS; p += 1) {
      await createProduct(t.db, { name: `Flood Gadget ${p}`, description: description(p), price: 100_000 + p });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('should cache a canonical list query and serve an uncommon one straight from PostgreSQL', async () => {
    const before = await cacheMetrics();
    await t.http.get('/api/v1/products?limit=37&minPrice=5').expect(200);
    await t.http.get('/api/v1/products?limit=37&minPrice=5').expect(200);
    const afterUncommon = await cacheMetrics();
    await t.http.get('/api/v1/products?limit=24&sort=name&page=3').expect(200);
    const afterCanonical = await cacheMetrics();

    expect(afterUncommon.entries).toBe(before.entries);
    // The page and its filter's count.
    expect(afterCanonical.entries).toBe(afterUncommon.entries! + 2);
  });

  it('should keep the cache within its byte budget and the heap bounded when flooded with distinct queries', async () => {
    const paths = floodPaths();
    for (const path of paths.slice(0, 20)) await t.http.get(path).expect(200);
    const heapBefore = heapAfterGc(gc);

    for (let i = 0; i < paths.length; i += 10) {
      await Promise.all(paths.slice(i, i + 10).map((path) => t.http.get(path).expect(200)));
    }
    const heapAfter = heapAfterGc(gc);
    const cache = await cacheMetrics();
    const growth = heapAfter - heapBefore;
    console.info(
      `flood of ${paths.length} queries: heap ${(heapBefore / 2 ** 20).toFixed(1)} -> ${(heapAfter / 2 ** 20).toFixed(1)} MB ` +
        `(+${(growth / 2 ** 20).toFixed(1)} MB, bound ${HEAP_GROWTH_BOUND / 2 ** 20} MB); ` +
        `cache ${cache.bytes} bytes in ${cache.entries} entries (budget ${MAX_BYTES})`,
    );

    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND);
    expect(cache.bytes).toBeLessThanOrEqual(MAX_BYTES);
    // The canonical searches alone exceed the budget, so the bound was actually exercised.
    expect(cache.bytes).toBeGreaterThan(MAX_BYTES / 2);
  }, 180_000);
});
