import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  AdminProductResponse,
  CatalogService,
  CategoryResponse,
  CreateCategoryDto,
  CreateProductDto,
  SetStockDto,
  UpdateProductDto,
} from 'src/modules/catalog';
import { AuthUser, CurrentUser, RequirePermissions } from 'src/platform/auth/decorators';
import { Permission } from 'src/platform/auth/permission';
import { Page } from 'src/platform/database/sql';
import { UuidParam } from 'src/platform/http/params';

import { AdminService } from '../admin.service';
import { SearchQueryDto } from '../dto/admin.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminCatalogController {
  constructor(
    private readonly admin: AdminService,
    private readonly catalog: CatalogService,
  ) {}

  @Post('categories')
  @RequirePermissions(Permission.CatalogWrite)
  @ApiOperation({ summary: 'Create a category [catalog:write]. Errors: 400, 401, 403, 409 SLUG_TAKEN.' })
  createCategory(@CurrentUser() actor: AuthUser, @Body() dto: CreateCategoryDto): Promise<CategoryResponse> {
    return this.admin.createCategory(actor, dto);
  }

  @Get('products')
  @RequirePermissions(Permission.CatalogWrite, Permission.InventoryWrite)
  @ApiOperation({ summary: 'All products incl. inactive, with stock figures [catalog:write | inventory:write].' })
  listProducts(@Query() query: SearchQueryDto): Promise<Page<AdminProductResponse>> {
    return this.catalog.listProductsForAdmin(query);
  }

  @Get('products/:id')
  @RequirePermissions(Permission.CatalogWrite, Permission.InventoryWrite)
  @ApiOperation({ summary: 'One product incl. inactive [catalog:write | inventory:write]. Errors: 400, 404.' })
  getProduct(@Param('id', UuidParam) id: string): Promise<AdminProductResponse> {
    return this.catalog.getProductForAdmin(id);
  }

  @Post('products')
  @RequirePermissions(Permission.CatalogWrite)
  @ApiOperation({ summary: 'Create a product [catalog:write]. Errors: 400 (UNKNOWN_CATEGORY), 401, 403, 409 SKU_TAKEN.' })
  createProduct(@CurrentUser() actor: AuthUser, @Body() dto: CreateProductDto): Promise<AdminProductResponse> {
    return this.admin.createProduct(actor, dto);
  }

  @Patch('products/:id')
  @RequirePermissions(Permission.CatalogWrite)
  @ApiOperation({ summary: 'Change product fields [catalog:write]. Errors: 400, 401, 403, 404.' })
  updateProduct(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateProductDto,
  ): Promise<AdminProductResponse> {
    return this.admin.updateProduct(actor, id, dto);
  }

  @Delete('products/:id')
  @RequirePermissions(Permission.CatalogWrite)
  @ApiOperation({ summary: 'Deactivate a product; history is kept [catalog:write]. Errors: 400, 401, 403, 404.' })
  deactivateProduct(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string): Promise<AdminProductResponse> {
    return this.admin.deactivateProduct(actor, id);
  }

  @Put('products/:id/stock')
  @RequirePermissions(Permission.InventoryWrite)
  @ApiOperation({ summary: 'Set units on hand [inventory:write]. Errors: 400, 401, 403, 404, 409 STOCK_BELOW_RESERVED.' })
  setStock(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: SetStockDto,
  ): Promise<AdminProductResponse> {
    return this.admin.setStock(actor, id, dto.onHand);
  }
}
