import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';

import { AuthModule } from 'src/modules/auth';

import { OrderModule } from './order.module';
import { OrderNotificationsService } from './order-notifications.service';
import { OrderProcessor } from './order.processor';
import { ORDER_QUEUE } from './order.queue';

/** The order queue's consumers (they only consume when the process runs workers, see OrderProcessor). */
@Module({
  imports: [OrderModule, AuthModule, BullModule.registerQueue({ name: ORDER_QUEUE })],
  providers: [OrderProcessor, OrderNotificationsService],
})
export class OrderWorkersModule {}
