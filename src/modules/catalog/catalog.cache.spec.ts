import { Gauge } from 'prom-client';

import { CatalogConfig } from 'src/platform/config/namespaces';
import { etagOf } from 'src/platform/http/http-cache';
import { InvalidationBus } from 'src/platform/redis/invalidation-bus';

import { CATALOG_INVALIDATION_CHANNEL, CatalogCache } from './catalog.cache';

const TTL_MS = 2000;
const MAX_BYTES = 16_000;
// A 500-character string weighs ~700 bytes with the entry overhead: about 22 of them fit in the budget.
const VALUE = 'x'.repeat(500);

class FakeBus {
  readonly handlers = new Map<string, () => void>();
  subscribe(channel: string, handler: () => void): void {
    this.handlers.set(channel, handler);
  }
  publish(): Promise<number> {
    return Promise.resolve(0);
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CatalogCache', () => {
  let cache: CatalogCache;
  let bus: FakeBus;
  let bytesGauge: Gauge;
  let loads: string[];

  const load =
    <T>(key: string, value: T) =>
    (): Promise<T> => {
      loads.push(key);
      return Promise.resolve(value);
    };

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    bus = new FakeBus();
    loads = [];
    bytesGauge = new Gauge({ name: 'test_cache_bytes', help: 'bytes', registers: [] });
    const config: CatalogConfig = { cacheTtlMs: TTL_MS, cacheMaxBytes: MAX_BYTES };
    cache = new CatalogCache(
      config,
      bus as unknown as InvalidationBus,
      bytesGauge,
      new Gauge({ name: 'test_cache_entries', help: 'entries', registers: [] }),
    );
    cache.onModuleInit();
  });
  afterEach(() => {
    cache.onModuleDestroy();
    jest.useRealTimers();
  });

  it('should evict the least recently used entries when the byte budget is full', async () => {
    await cache.getOrLoad('k0', load('k0', VALUE));
    await cache.getOrLoad('k1', load('k1', VALUE));
    for (let i = 2; i < 60; i += 1) {
      await cache.getOrLoad('k0', load('k0', VALUE));
      await cache.getOrLoad(`k${i}`, load(`k${i}`, VALUE));
      expect(cache.stats().bytes).toBeLessThanOrEqual(MAX_BYTES);
    }
    loads = [];

    await expect(cache.getOrLoad('k0', load('k0', VALUE))).resolves.toBe(VALUE);
    await expect(cache.getOrLoad('k59', load('k59', VALUE))).resolves.toBe(VALUE);
    await expect(cache.getOrLoad('k1', load('k1', VALUE))).resolves.toBe(VALUE);

    expect(loads).toEqual(['k1']);
    expect(cache.stats().entries).toBeGreaterThan(15);
    expect((await bytesGauge.get()).values[0].value).toBe(cache.stats().bytes);
  });

  it('should weigh an entry by the bytes of its JSON, not its characters', async () => {
    await cache.getOrLoad('ascii', load('ascii', 'a'.repeat(200)));
    const ascii = cache.stats().bytes;
    await cache.invalidate();

    await cache.getOrLoad('bangla', load('bangla', 'ক'.repeat(200)));

    expect(cache.stats().bytes - ascii).toBe(2 * 200 + 1);
  });

  it('should reload an entry read after its TTL', async () => {
    jest.advanceTimersByTime(500);
    await cache.getOrLoad('a', load('a', 1));
    // Past the entry's expiry, before the sweep that would remove it.
    jest.advanceTimersByTime(TTL_MS + 100);

    await expect(cache.getOrLoad('a', load('a', 2))).resolves.toBe(2);

    expect(loads).toEqual(['a', 'a']);
    expect(cache.stats().entries).toBe(1);
  });

  it('should drop expired entries on the sweep when nobody reads them', async () => {
    await cache.getOrLoad('a', load('a', 1));
    await cache.getOrLoad('b', load('b', 2));
    expect(cache.stats().entries).toBe(2);

    jest.advanceTimersByTime(TTL_MS);

    expect(cache.stats()).toEqual({ bytes: 0, entries: 0 });
  });

  it('should return but not keep a value larger than a sixteenth of the budget', async () => {
    const big = 'y'.repeat(MAX_BYTES / 16);

    await expect(cache.getOrLoad('big', load('big', big))).resolves.toBe(big);
    await expect(cache.getOrLoad('big', load('big', big))).resolves.toBe(big);

    expect(loads).toEqual(['big', 'big']);
    expect(cache.stats().entries).toBe(0);
  });

  it('should not keep a value the caller declines, nor a failed load', async () => {
    await cache.getOrLoad('empty', load('empty', []), { keep: (items) => items.length > 0 });
    await expect(cache.getOrLoad('fails', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');

    expect(cache.stats().entries).toBe(0);
  });

  it('should share one load between concurrent misses for the same key', async () => {
    const pending = deferred<string>();
    let calls = 0;
    const slow = (): Promise<string> => {
      calls += 1;
      return pending.promise;
    };

    const first = cache.getOrLoad('slow', slow);
    const second = cache.getOrLoad('slow', slow);
    pending.resolve('value');

    await expect(Promise.all([first, second])).resolves.toEqual(['value', 'value']);
    expect(calls).toBe(1);
    await expect(cache.getOrLoad('slow', slow)).resolves.toBe('value');
    expect(calls).toBe(1);
  });

  it('should clear on an invalidation message and not keep a value read before it', async () => {
    await cache.getOrLoad('a', load('a', 1));
    const pending = deferred<number>();
    const inFlight = cache.getOrLoad('b', () => pending.promise);

    bus.handlers.get(CATALOG_INVALIDATION_CHANNEL)!();
    pending.resolve(2);

    await expect(inFlight).resolves.toBe(2);
    expect(cache.stats()).toEqual({ bytes: 0, entries: 0 });
  });

  it('should give a cached object the ETag of its JSON without serialising it again', async () => {
    const page = { items: [{ id: 1 }], total: 1 };
    await cache.getOrLoad('page', load('page', page));
    const stringify = jest.spyOn(JSON, 'stringify');

    const etag = etagOf(page);

    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
    expect(etag).toBe(etagOf({ items: [{ id: 1 }], total: 1 }));
  });
});
