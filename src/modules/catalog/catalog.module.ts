import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CatalogController } from './catalog.controller';
import { CatalogCache } from './catalog.cache';
import { CATALOG_METRICS } from './catalog.metrics';
import { InvalidateCacheOnCatalogChangeListener } from './listeners/invalidate-cache-on-catalog-change.listener';
import { CatalogService } from './catalog.service';
import { Category } from './entities/category.entity';
import { Product } from './entities/product.entity';
import { StockLevel } from './entities/stock-level.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Category, Product, StockLevel])],
  controllers: [CatalogController],
  providers: [CatalogService, CatalogCache, InvalidateCacheOnCatalogChangeListener, ...CATALOG_METRICS],
  exports: [CatalogService],
})
export class CatalogModule {}
