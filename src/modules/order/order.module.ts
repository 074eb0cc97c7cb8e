import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CartModule } from 'src/modules/cart';
import { CatalogModule } from 'src/modules/catalog';

import { IdempotencyKey } from './entities/idempotency-key.entity';
import { NotificationLog } from './entities/notification-log.entity';
import { OrderLine } from './entities/order-line.entity';
import { OrderStatusHistory } from './entities/order-status-history.entity';
import { Order } from './entities/order.entity';
import { OrderController } from './order.controller';
import { EnqueueOrderNotificationsListener } from './listeners/enqueue-order-notifications.listener';
import { ORDER_METRICS } from './order.metrics';
import { ORDER_QUEUE, OrderJobsService } from './order.queue';
import { QUEUE_METRICS } from './queue.metrics';
import { OrderService } from './order.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Order, OrderLine, OrderStatusHistory, IdempotencyKey, NotificationLog]),
    BullModule.registerQueue({ name: ORDER_QUEUE }),
    CatalogModule,
    CartModule,
  ],
  controllers: [OrderController],
  providers: [
    OrderService,
    OrderJobsService,
    EnqueueOrderNotificationsListener,
    ...ORDER_METRICS,
    ...QUEUE_METRICS,
  ],
  exports: [OrderService],
})
export class OrderModule {}
