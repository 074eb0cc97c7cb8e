import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

import { PageQueryDto } from 'src/modules/catalog';

import { ORDER_STATUSES, OrderStatus, PAYMENT_METHODS, PaymentMethod } from '../order-status';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ShippingAddressDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '+8801712345678' })
  @Matches(/^\+?[0-9][0-9 -]{5,18}$/, { message: 'phone must be a phone number' })
  phone: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  line1: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9]{4}$/, { message: 'postalCode must be 4 digits' })
  postalCode?: string;
}

export class PlaceOrderDto {
  @ApiProperty({ type: ShippingAddressDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress: ShippingAddressDto;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  paymentMethod: PaymentMethod;
}

export class PayOrderDto {
  @ApiPropertyOptional({ enum: ['success', 'failure'], default: 'success' })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome: 'success' | 'failure' = 'success';
}

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class ChangeOrderStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;
}
