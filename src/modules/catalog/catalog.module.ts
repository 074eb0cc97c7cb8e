import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CatalogController } from './catalog.controller';
import { CATALOG_METRICS } from './catalog.metrics';
import { CatalogService } from './catalog.service';
import { Category } from './entities/category.entity';
import { Product } from './entities/product.entity';
import { StockLevel } from './entities/stock-level.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Category, Product, StockLevel])],
  controllers: [CatalogController],
  providers: [CatalogService, ...CATALOG_METRICS],
  exports: [CatalogService],
})
export class CatalogModule {}
