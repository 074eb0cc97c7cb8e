import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';

import { AuthModule } from 'src/modules/auth';
import { CatalogModule } from 'src/modules/catalog';

import { OrderModule } from './order.module';
import { OrderNotificationsService } from './order-notifications.service';
import { ORDER_PROCESSOR_PROVIDER } from './order.processor';
import { ORDER_QUEUE } from './order.queue';

/** The order queue's consumers (they only consume when the process runs workers, see ORDER_PROCESSOR_PROVIDER). */
@Module({
  imports: [OrderModule, AuthModule, CatalogModule, BullModule.registerQueue({ name: ORDER_QUEUE })],
  providers: [ORDER_PROCESSOR_PROVIDER, OrderNotificationsService],
})
export class OrderWorkersModule {}
