import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminOrderResponse, ChangeOrderStatusDto, ListOrdersQueryDto, OrderPageResponse, OrderService } from 'src/modules/order';
import { AuthUser, CurrentUser, RequirePermissions } from 'src/platform/auth/decorators';
import { Permission } from 'src/platform/auth/permission';
import { UuidParam } from 'src/platform/http/params';

import { AdminService } from '../admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(
    private readonly admin: AdminService,
    private readonly orders: OrderService,
  ) {}

  @Get()
  @RequirePermissions(Permission.OrdersRead)
  @ApiOperation({ summary: 'All orders, filtered by status [orders:read]. Errors: 400, 401, 403.' })
  list(@Query() query: ListOrdersQueryDto): Promise<OrderPageResponse> {
    return this.orders.listAll(query);
  }

  @Get(':id')
  @RequirePermissions(Permission.OrdersRead)
  @ApiOperation({ summary: 'One order with its status history [orders:read]. Errors: 400, 401, 403, 404.' })
  get(@Param('id', UuidParam) id: string): Promise<AdminOrderResponse> {
    return this.orders.getOrderWithHistory(id);
  }

  @Patch(':id/status')
  @RequirePermissions(Permission.OrdersManage)
  @ApiOperation({ summary: 'Move an order through the state machine [orders:manage]. Errors: 400, 401, 403, 404, 409.' })
  changeStatus(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ChangeOrderStatusDto,
  ): Promise<AdminOrderResponse> {
    return this.admin.changeOrderStatus(actor, id, dto.status);
  }
}
