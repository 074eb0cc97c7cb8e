import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, AuthUser, CurrentUser } from 'src/platform/auth/decorators';
import { UuidParam } from 'src/platform/http/params';

import { CartService } from './cart.service';
import { AddCartItemDto, SetCartItemDto } from './dto/cart.dto';
import { CartResponse } from './dto/cart.response';

@ApiTags('cart')
@ApiBearerAuth()
@Authenticated()
@Controller('cart')
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  @ApiOperation({ summary: 'My cart with current prices. Errors: 401.' })
  get(@CurrentUser() user: AuthUser): Promise<CartResponse> {
    return this.cart.getCart(user.id);
  }

  @Post('items')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add units to a line. Errors: 400, 401, 404 NOT_FOUND, 409 OUT_OF_STOCK, CART_FULL (100 products).' })
  add(@CurrentUser() user: AuthUser, @Body() dto: AddCartItemDto): Promise<CartResponse> {
    return this.cart.addItem(user.id, dto);
  }

  @Put('items/:productId')
  @ApiOperation({ summary: 'Set a line quantity (0 removes). Errors: 400, 401, 404, 409 OUT_OF_STOCK, CART_FULL.' })
  set(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParam) productId: string,
    @Body() dto: SetCartItemDto,
  ): Promise<CartResponse> {
    return this.cart.setItem(user.id, productId, dto.quantity);
  }

  @Delete('items/:productId')
  @ApiOperation({ summary: 'Remove a line. Errors: 400, 401.' })
  remove(@CurrentUser() user: AuthUser, @Param('productId', UuidParam) productId: string): Promise<CartResponse> {
    return this.cart.removeItem(user.id, productId);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Empty my cart. Errors: 401.' })
  clear(@CurrentUser() user: AuthUser): Promise<void> {
    return this.cart.clear(user.id);
  }
}
