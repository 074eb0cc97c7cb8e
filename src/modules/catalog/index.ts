export { CatalogModule } from './catalog.module';
export { CatalogService, slugify } from './catalog.service';
export type { StockLine } from './catalog.service';
export {
  CreateCategoryDto,
  CreateProductDto,
  PageQueryDto,
  SetStockDto,
  UpdateProductDto,
} from './dto/catalog.dto';
export { AdminProductResponse, CategoryResponse, ProductResponse } from './dto/catalog.response';
export type { PurchasableProduct } from './dto/catalog.response';
