import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { notificationsConfig, NotificationsConfig } from 'src/platform/config/namespaces';
import { DomainEventMap } from 'src/platform/events/domain-events';

import { OrderJobsService } from '../order.queue';

/**
 * Turns committed order events into jobs. Enqueueing never fails the request that caused the event: when Redis
 * is down the client keeps the job until it reconnects, and an error is logged.
 */
@Injectable()
export class EnqueueOrderNotificationsListener {
  private readonly logger = new Logger(EnqueueOrderNotificationsListener.name);

  constructor(
    private readonly jobs: OrderJobsService,
    @Inject(notificationsConfig.KEY) private readonly config: NotificationsConfig,
  ) {}

  @OnEvent('order.placed')
  async onPlaced(event: DomainEventMap['order.placed']): Promise<void> {
    await this.safely('order.placed', () =>
      Promise.all([
        this.jobs.enqueueConfirmationEmail({ orderId: event.orderId }),
        this.jobs.schedulePaymentTimeout({ orderId: event.orderId }),
      ]),
    );
  }

  @OnEvent('order.status_changed')
  async onStatusChanged(event: DomainEventMap['order.status_changed']): Promise<void> {
    const bigOrder = event.to === 'paid' && event.totalPaisa >= this.config.operatorAlertOrderPaisa;
    await this.safely('order.status_changed', () =>
      Promise.all([
        this.jobs.enqueueStatusEmail({ orderId: event.orderId, status: event.to }),
        bigOrder && this.jobs.enqueueOperatorAlert({ kind: 'big_order', orderId: event.orderId }),
      ]),
    );
  }

  @OnEvent('order.payment_failed')
  async onPaymentFailed(event: DomainEventMap['order.payment_failed']): Promise<void> {
    await this.safely('order.payment_failed', () =>
      this.jobs.enqueuePaymentFailedEmail({ orderId: event.orderId }),
    );
  }

  @OnEvent('catalog.stock_depleted')
  async onStockDepleted(event: DomainEventMap['catalog.stock_depleted']): Promise<void> {
    await this.safely('catalog.stock_depleted', () =>
      this.jobs.enqueueOperatorAlert({
        kind: 'stock_depleted',
        productId: event.productId,
        depletedAt: new Date().toISOString(),
      }),
    );
  }

  private async safely(event: string, enqueue: () => Promise<unknown>): Promise<void> {
    try {
      await enqueue();
    } catch (err) {
      this.logger.error({ err, event }, 'Could not enqueue a notification job');
    }
  }
}
