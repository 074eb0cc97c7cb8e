import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CartModule } from 'src/modules/cart';
import { CatalogModule } from 'src/modules/catalog';

import { IdempotencyKey } from './entities/idempotency-key.entity';
import { OrderLine } from './entities/order-line.entity';
import { OrderStatusHistory } from './entities/order-status-history.entity';
import { Order } from './entities/order.entity';
import { OrderController } from './order.controller';
import { ORDER_METRICS } from './order.metrics';
import { OrderService } from './order.service';

@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderLine, OrderStatusHistory, IdempotencyKey]), CatalogModule, CartModule],
  controllers: [OrderController],
  providers: [OrderService, ...ORDER_METRICS],
  exports: [OrderService],
})
export class OrderModule {}
