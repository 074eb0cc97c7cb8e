import { Inject, Injectable, OnModuleInit } from '@nestjs/common';

import { catalogConfig, CatalogConfig } from 'src/platform/config/namespaces';
import { InvalidationBus } from 'src/platform/redis/invalidation-bus';

export const CATALOG_INVALIDATION_CHANNEL = 'dhakacart:catalog:invalidate';
const MAX_ENTRIES = 5000;

interface Entry {
  value: unknown;
  expiresAt: number;
}

/**
 * Catalog reads served from this replica's memory for a short TTL. Admin changes clear every replica's cache
 * through Redis pub/sub (well under a second); without Redis the TTL alone bounds staleness. Stock shown in
 * listings may lag by up to one TTL; checkout always reserves against the database.
 */
@Injectable()
export class CatalogCache implements OnModuleInit {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
    private readonly bus: InvalidationBus,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(CATALOG_INVALIDATION_CHANNEL, () => this.clear());
  }

  /** The cached value, or the loaded one; concurrent misses for one key share a single load. */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.config.cacheTtlMs === 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value as T;
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T>;
    const promise = load()
      .then((value) => {
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { value, expiresAt: Date.now() + this.config.cacheTtlMs });
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  /** Clears this replica at once and tells the others. */
  async invalidate(): Promise<void> {
    this.clear();
    await this.bus.publish(CATALOG_INVALIDATION_CHANNEL, String(Date.now()));
  }

  private clear(): void {
    this.entries.clear();
  }
}
