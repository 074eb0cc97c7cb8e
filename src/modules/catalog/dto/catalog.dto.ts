import { ApiPropertyOptional, ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { MultilineText } from 'src/platform/http/control-characters';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const PRODUCT_SORTS = ['price_asc', 'price_desc', 'newest', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_PRICE_PAISA = 1_000_000_000;

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page: number = 1;

  @ApiPropertyOptional({ default: 24, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 24;
}

export class ListProductsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive search in name and description' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Category slug' })
  @IsOptional()
  @Matches(SLUG_PATTERN)
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ description: 'Minimum price in paisa' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_PAISA)
  minPrice?: number;

  @ApiPropertyOptional({ description: 'Maximum price in paisa' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_PAISA)
  maxPrice?: number;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(PRODUCT_SORTS)
  sort: ProductSort = 'newest';
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'smartphones' })
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  @MaxLength(100)
  slug: string;

  @ApiProperty({ example: 'Smartphones' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;
}

export class CreateProductDto {
  @ApiProperty({ example: 'PHN-0001' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,63}$/, { message: 'sku must be 1-64 upper-case letters, digits or hyphens' })
  sku: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  description: string;

  @ApiProperty({ description: 'Price in paisa (BDT minor units)' })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_PAISA)
  price: number;

  @ApiProperty()
  @Matches(SLUG_PATTERN)
  @MaxLength(100)
  categorySlug: string;

  @ApiProperty({ description: 'Units on hand' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  stock: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  imageUrl?: string;
}

class UpdatableProductFields {
  @ApiPropertyOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  description: string;

  @ApiPropertyOptional({ description: 'Price in paisa' })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_PAISA)
  price: number;

  @ApiPropertyOptional()
  @Matches(SLUG_PATTERN)
  @MaxLength(100)
  categorySlug: string;

  @ApiPropertyOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  imageUrl: string;

  @ApiPropertyOptional({ description: 'Re-activate (true) or deactivate (false)' })
  @IsBoolean()
  isActive: boolean;
}

export class UpdateProductDto extends PartialType(UpdatableProductFields) {}

export class SetStockDto {
  @ApiProperty({ description: 'Units on hand' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  onHand: number;
}
