import { ApiProperty } from '@nestjs/swagger';

export class CategoryResponse {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class ProductResponse {
  @ApiProperty() id: string;
  @ApiProperty() sku: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Price in paisa' }) price: number;
  @ApiProperty({ example: 'BDT' }) currency: string;
  @ApiProperty({ description: 'Units that can still be bought (on hand minus reserved)' }) stock: number;
  @ApiProperty({ type: CategoryResponse }) category: CategoryResponse;
  @ApiProperty({ nullable: true, type: String }) imageUrl: string | null;
}

/** What admins see in addition: the raw stock figures and whether the product is listed. */
export class AdminProductResponse extends ProductResponse {
  @ApiProperty() stockOnHand: number;
  @ApiProperty() stockAllocated: number;
  @ApiProperty() isActive: boolean;
}

export class ProductPageResponse {
  @ApiProperty({ type: [ProductResponse] }) items: ProductResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

/** A product as the cart and order modules see it. */
export interface PurchasableProduct {
  id: string;
  sku: string;
  name: string;
  pricePaisa: number;
  available: number;
  isActive: boolean;
}
