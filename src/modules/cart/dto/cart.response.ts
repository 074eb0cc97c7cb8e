import { ApiProperty } from '@nestjs/swagger';

export class CartItemResponse {
  @ApiProperty() productId: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Current unit price in paisa' }) unitPrice: number;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'unitPrice x quantity, paisa' }) lineTotal: number;
  @ApiProperty({ description: 'Units that can still be bought' }) available: number;
}

export class CartResponse {
  @ApiProperty({ type: [CartItemResponse] }) items: CartItemResponse[];
  @ApiProperty({ description: 'Paisa' }) subtotal: number;
  @ApiProperty({ example: 'BDT' }) currency: string;
}
