export { OrderModule } from './order.module';
export { OrderWorkersModule } from './order-workers.module';
export { OrderService } from './order.service';
export type { Actor, StatusChange } from './order.service';
export { ChangeOrderStatusDto, ListOrdersQueryDto } from './dto/order.dto';
export { AdminOrderResponse, OrderPageResponse, OrderResponse } from './dto/order.response';
export { ORDER_STATUSES } from './order-status';
export type { OrderStatus } from './order-status';
