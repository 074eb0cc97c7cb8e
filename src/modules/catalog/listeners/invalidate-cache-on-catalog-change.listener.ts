import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CatalogCache } from '../catalog.cache';

@Injectable()
export class InvalidateCacheOnCatalogChangeListener {
  constructor(private readonly cache: CatalogCache) {}

  @OnEvent('catalog.product_changed')
  @OnEvent('catalog.category_created')
  @OnEvent('catalog.stock_depleted')
  async handle(): Promise<void> {
    await this.cache.invalidate();
  }
}
