import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Gauge } from 'prom-client';

import { catalogConfig, CatalogConfig } from 'src/platform/config/namespaces';
import { primeEtag } from 'src/platform/http/http-cache';
import { InvalidationBus } from 'src/platform/redis/invalidation-bus';

import { CACHE_BYTES, CACHE_ENTRIES } from './catalog.metrics';

export const CATALOG_INVALIDATION_CHANNEL = 'dhakacart:catalog:invalidate';
// Measured on Node 20: a Map slot, the entry record and an ETag cost ~150 bytes besides the key and the value.
const ENTRY_OVERHEAD_BYTES = 200;
// One entry may take at most this share of the budget, so a few huge values cannot flush the hot ones.
const LARGEST_ENTRY_SHARE = 16;

interface Entry {
  value: unknown;
  expiresAt: number;
  bytes: number;
}

export interface LoadOptions<T> {
  /** Whether a loaded value is worth keeping (it is returned either way). */
  keep?: (value: T) => boolean;
}

/**
 * Catalog reads served from this replica's memory for a short TTL. Admin changes clear every replica's cache
 * through Redis pub/sub (well under a second); without Redis the TTL alone bounds staleness. Stock shown in
 * listings may lag by up to one TTL; checkout always reserves against the database.
 *
 * The cache is bounded in bytes (each entry weighed by its JSON once, when it is stored), evicts the least
 * recently used entries first and drops expired ones when read and on a sweep every TTL.
 */
@Injectable()
export class CatalogCache implements OnModuleInit, OnModuleDestroy {
  // Map order is recency order: a hit moves its key to the end, eviction takes from the front.
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<unknown>>();
  private readonly maxEntryBytes: number;
  private bytes = 0;
  // Bumped by clear(): a load that started before an invalidation must not store what it read.
  private generation = 0;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
    private readonly bus: InvalidationBus,
    @InjectMetric(CACHE_BYTES) private readonly bytesGauge: Gauge,
    @InjectMetric(CACHE_ENTRIES) private readonly entriesGauge: Gauge,
  ) {
    this.maxEntryBytes = Math.floor(config.cacheMaxBytes / LARGEST_ENTRY_SHARE);
  }

  onModuleInit(): void {
    this.bus.subscribe(CATALOG_INVALIDATION_CHANNEL, () => this.clear());
    if (this.config.cacheTtlMs > 0) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(this.config.cacheTtlMs, 1000));
      this.sweeper.unref();
    }
    this.report();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** The cached value, or the loaded one; concurrent misses for one key share a single load. */
  async getOrLoad<T>(key: string, load: () => Promise<T>, options: LoadOptions<T> = {}): Promise<T> {
    if (this.config.cacheTtlMs === 0) return load();
    const hit = this.entries.get(key);
    if (hit) {
      if (hit.expiresAt > Date.now()) {
        this.entries.delete(key);
        this.entries.set(key, hit);
        return hit.value as T;
      }
      this.remove(key, hit);
      this.report();
    }
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T>;
    const generation = this.generation;
    const promise: Promise<T> = load()
      .then((value) => {
        if (generation === this.generation && (options.keep?.(value) ?? true)) this.store(key, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  /** Clears this replica at once and tells the others. */
  async invalidate(): Promise<void> {
    this.clear();
    await this.bus.publish(CATALOG_INVALIDATION_CHANNEL, String(Date.now()));
  }

  stats(): { bytes: number; entries: number } {
    return { bytes: this.bytes, entries: this.entries.size };
  }

  /** Drops every expired entry (runs every TTL, so expired entries never pile up on an idle replica). */
  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.remove(key, entry);
    }
    this.report();
  }

  private store(key: string, value: unknown): void {
    const json = JSON.stringify(value) ?? '';
    const bytes = ENTRY_OVERHEAD_BYTES + key.length + Buffer.byteLength(json);
    if (bytes > this.maxEntryBytes) return;
    if (typeof value === 'object' && value !== null) primeEtag(value, json);
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    while (this.bytes + bytes > this.config.cacheMaxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.remove(oldestKey, oldest);
    }
    this.entries.set(key, { value, expiresAt: Date.now() + this.config.cacheTtlMs, bytes });
    this.bytes += bytes;
    this.report();
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private clear(): void {
    this.entries.clear();
    this.loading.clear();
    this.bytes = 0;
    this.generation += 1;
    this.report();
  }

  private report(): void {
    this.bytesGauge.set(this.bytes);
    this.entriesGauge.set(this.entries.size);
  }
}
