import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

export const MAX_LINE_QUANTITY = 99;
// With MAX_LINE_QUANTITY and the price limit this keeps every order total far inside JavaScript's safe integers.
export const MAX_CART_LINES = 100;

export class AddCartItemDto {
  @ApiProperty()
  @IsUUID()
  productId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_LINE_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}

export class SetCartItemDto {
  @ApiProperty({ minimum: 0, maximum: MAX_LINE_QUANTITY, description: '0 removes the line' })
  @IsInt()
  @Min(0)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}
