import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { PageQueryDto } from 'src/modules/catalog';
import { Authenticated, AuthUser, CurrentUser } from 'src/platform/auth/decorators';
import { UuidParam } from 'src/platform/http/params';
import { RateLimit } from 'src/platform/ratelimit/rate-limit';

import { PayOrderDto, PlaceOrderDto } from './dto/order.dto';
import { OrderPageResponse, OrderResponse } from './dto/order.response';
import { IdempotencyKeyHeader } from './idempotency-key.decorator';
import { OrderService } from './order.service';

@ApiTags('orders')
@ApiBearerAuth()
@Authenticated()
@Controller('orders')
export class OrderController {
  constructor(private readonly orders: OrderService) {}

  @Post()
  @RateLimit('checkout')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '1-128 characters, one per checkout attempt',
  })
  @ApiOperation({
    summary:
      'Place an order from my cart. Errors: 400 VALIDATION_FAILED, CART_EMPTY, IDEMPOTENCY_KEY_REQUIRED; 401; ' +
      '409 OUT_OF_STOCK; 422 IDEMPOTENCY_KEY_REUSED; 429 RATE_LIMITED. A replay returns the same order with Idempotent-Replayed: true.',
  })
  async place(
    @CurrentUser() user: AuthUser,
    @IdempotencyKeyHeader() key: string,
    @Body() dto: PlaceOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const { order, replayed } = await this.orders.placeOrder(user.id, key, dto);
    void reply.status(201).header('idempotent-replayed', String(replayed));
    return order;
  }

  @Get()
  @ApiOperation({ summary: 'My orders, newest first. Errors: 400, 401.' })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<OrderPageResponse> {
    return this.orders.listMine(user.id, query.page, query.limit);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of my orders. Errors: 400, 401, 404 NOT_FOUND.' })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<OrderResponse> {
    return this.orders.getOrder(id, { ownerId: user.id });
  }

  @Post(':id/pay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Payment simulator for card and bKash orders, where PAYMENT_SIMULATOR_ENABLED (off in production). Errors: 400, 401, ' +
      '402 PAYMENT_FAILED, 404 NOT_FOUND, PAYMENT_SIMULATOR_DISABLED, 409 INVALID_STATE_TRANSITION, NOT_PAYABLE_ONLINE.',
  })
  pay(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: PayOrderDto,
  ): Promise<OrderResponse> {
    return this.orders.pay(user.id, id, dto.outcome);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel my unpaid order; its stock is released. Errors: 400, 401, 404, 409.' })
  cancel(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<OrderResponse> {
    return this.orders.cancelByCustomer(user.id, id);
  }
}
