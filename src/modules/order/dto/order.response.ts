import { ApiProperty } from '@nestjs/swagger';

import { ORDER_STATUSES, PAYMENT_METHODS } from '../order-status';

export class OrderItemResponse {
  @ApiProperty() productId: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Paisa, at purchase time' }) unitPrice: number;
  @ApiProperty() quantity: number;
  @ApiProperty() lineTotal: number;
}

export class ShippingAddressResponse {
  @ApiProperty() name: string;
  @ApiProperty() phone: string;
  @ApiProperty() line1: string;
  @ApiProperty() city: string;
  @ApiProperty({ required: false }) postalCode?: string;
}

export class OrderHistoryEntryResponse {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty() to: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['customer', 'admin', 'system'] }) actor: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class OrderResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'DC-100001' }) number: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty({ type: [OrderItemResponse] }) items: OrderItemResponse[];
  @ApiProperty() subtotal: number;
  @ApiProperty() shippingFee: number;
  @ApiProperty() total: number;
  @ApiProperty() currency: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) paymentMethod: string;
  @ApiProperty({ type: ShippingAddressResponse }) shippingAddress: ShippingAddressResponse;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class AdminOrderResponse extends OrderResponse {
  @ApiProperty() userId: string;
  @ApiProperty({ type: [OrderHistoryEntryResponse] }) history: OrderHistoryEntryResponse[];
}

export class OrderPageResponse {
  @ApiProperty({ type: [OrderResponse] }) items: OrderResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
