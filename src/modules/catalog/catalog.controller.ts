import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Public } from 'src/platform/auth/decorators';
import { SharedCache } from 'src/platform/http/http-cache';
import { IdOrSlugPipe } from 'src/platform/http/params';

import { CatalogService } from './catalog.service';
import { ListProductsQueryDto } from './dto/catalog.dto';
import { CategoryResponse, ProductPageResponse, ProductResponse } from './dto/catalog.response';

@ApiTags('catalog')
@Public()
@SharedCache(5)
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('products')
  @ApiOperation({ summary: 'List active products with search, filters, sort and pagination. Errors: 400.' })
  list(@Query() query: ListProductsQueryDto): Promise<ProductPageResponse> {
    return this.catalog.listProducts(query);
  }

  @Get('products/:idOrSlug')
  @ApiOperation({ summary: 'One active product by id or slug. Errors: 400, 404 NOT_FOUND.' })
  get(@Param('idOrSlug', IdOrSlugPipe) idOrSlug: string): Promise<ProductResponse> {
    return this.catalog.getProduct(idOrSlug);
  }

  @Get('categories')
  @ApiOperation({ summary: 'All categories.' })
  categories(): Promise<CategoryResponse[]> {
    return this.catalog.listCategories();
  }
}
