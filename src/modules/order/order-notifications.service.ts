import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuthService } from 'src/modules/auth';
import { AdminProductResponse, CatalogService } from 'src/modules/catalog';
import { notificationsConfig, NotificationsConfig } from 'src/platform/config/namespaces';
import { NotFoundError } from 'src/platform/http/domain-error';
import { ChatWebhookService } from 'src/platform/notify/chat-webhook.service';
import { MailService } from 'src/platform/notify/mail.service';

import { AdminOrderResponse } from './dto/order.response';
import { OperatorAlertJob } from './order.queue';
import { InvalidStateTransitionError } from './order.errors';
import { OrderService } from './order.service';

export function formatTaka(paisa: number): string {
  return `৳${(paisa / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const STATUS_TEXT: Record<string, string> = {
  paid: 'has been paid',
  shipped: 'is on its way',
  delivered: 'has been delivered',
  cancelled: 'has been cancelled',
};

/** What the order worker does. Every send is recorded once, so a job that runs twice sends once. */
@Injectable()
export class OrderNotificationsService {
  private readonly logger = new Logger(OrderNotificationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrderService,
    private readonly auth: AuthService,
    private readonly catalog: CatalogService,
    private readonly mail: MailService,
    private readonly chat: ChatWebhookService,
    @Inject(notificationsConfig.KEY) private readonly config: NotificationsConfig,
  ) {}

  async sendConfirmation(orderId: string): Promise<void> {
    const order = await this.findOrder(orderId);
    const contact = order && (await this.auth.findContact(order.userId));
    if (!order || !contact) return;
    const lines = order.items.map(
      (i) => `  ${i.quantity} × ${i.name} (${i.sku})  ${formatTaka(i.lineTotal)}`,
    );
    await this.once(orderId, 'confirmation', () =>
      this.mail.send({
        to: contact.email,
        subject: `Order ${order.number} placed`,
        text: [
          `Dear ${contact.name},`,
          '',
          `Thank you for your order ${order.number}.`,
          '',
          ...lines,
          `  Delivery: ${formatTaka(order.shippingFee)}`,
          `  Total: ${formatTaka(order.total)} (${order.paymentMethod})`,
          '',
          'DhakaCart',
        ].join('\n'),
      }),
    );
  }

  async sendStatusChange(orderId: string, status: string): Promise<void> {
    const order = await this.findOrder(orderId);
    const contact = order && (await this.auth.findContact(order.userId));
    if (!order || !contact || !STATUS_TEXT[status]) return;
    await this.once(orderId, `status:${status}`, () =>
      this.mail.send({
        to: contact.email,
        subject: `Order ${order.number} ${STATUS_TEXT[status]}`,
        text: `Dear ${contact.name},\n\nYour order ${order.number} ${STATUS_TEXT[status]}.\n\nDhakaCart`,
      }),
    );
  }

  // One reminder per order however often the payment fails, and none once the order has moved on.
  async sendPaymentFailed(orderId: string): Promise<void> {
    const order = await this.findOrder(orderId);
    const contact = order && (await this.auth.findContact(order.userId));
    if (!order || !contact || order.status !== 'pending_payment') return;
    const seconds = Math.round(this.config.paymentTimeoutMs / 1000);
    const within = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
    await this.once(orderId, 'payment_failed', () =>
      this.mail.send({
        to: contact.email,
        subject: `Payment for order ${order.number} did not go through`,
        text: [
          `Dear ${contact.name},`,
          '',
          `Your payment of ${formatTaka(order.total)} for order ${order.number} did not go through.`,
          `You can try again from your orders page; an order not paid within ${within} of being placed is`,
          'cancelled and its items go back on sale.',
          '',
          'DhakaCart',
        ].join('\n'),
      }),
    );
  }

  /**
   * Cancels an order still awaiting payment after the timeout; a paid or cancelled order is left alone, and so is
   * a cash-on-delivery order: its payment comes at the door, so waiting for it is not a reason to cancel (an
   * unconfirmed one expires on its own, longer clock: expireStaleUnpaid).
   */
  async expireUnpaid(orderId: string): Promise<void> {
    const [order]: Array<{ payment_method: string }> = await this.dataSource.query(
      `SELECT payment_method FROM orders WHERE id = $1`,
      [orderId],
    );
    if (!order || order.payment_method === 'cod') return;
    await this.cancelPending(orderId, 'payment timeout');
  }

  /**
   * Cancels, oldest first and a bounded batch per run, every order paid online still awaiting payment past the
   * payment timeout, and every cash-on-delivery order staff have not confirmed (moved on from pending_payment)
   * within COD_CONFIRMATION_TIMEOUT: an account cannot sit on stock with orders it never means to take.
   */
  async expireStaleUnpaid(): Promise<number> {
    const stale: Array<{ id: string; payment_method: string }> = await this.dataSource.query(
      `SELECT id, payment_method FROM orders WHERE status = 'pending_payment'
          AND created_at < now() - make_interval(secs => CASE WHEN payment_method = 'cod' THEN $2::float8 ELSE $1::float8 END)
       ORDER BY created_at LIMIT 200`,
      [this.config.paymentTimeoutMs / 1000, this.config.codConfirmationTimeoutMs / 1000],
    );
    for (const { id, payment_method } of stale) {
      await this.cancelPending(id, payment_method === 'cod' ? 'not confirmed in time' : 'payment timeout');
    }
    return stale.length;
  }

  private async cancelPending(orderId: string, note: string): Promise<void> {
    try {
      const change = await this.orders.changeStatus(
        orderId,
        'cancelled',
        { type: 'system', id: null },
        { note, onlyFrom: 'pending_payment' },
      );
      this.orders.announce(change);
      this.logger.log({ orderId, note }, 'Pending order cancelled');
    } catch (err) {
      if (err instanceof InvalidStateTransitionError || err instanceof NotFoundError) return;
      throw err;
    }
  }

  async alertOperators(job: OperatorAlertJob): Promise<void> {
    if (job.kind === 'big_order') {
      const order = await this.findOrder(job.orderId);
      if (!order || order.total < this.config.operatorAlertOrderPaisa) return;
      await this.once(job.orderId, 'operator:big_order', () =>
        this.chat.post(
          `:moneybag: Order ${order.number} paid: ${formatTaka(order.total)} (${order.items.length} lines)`,
        ),
      );
      return;
    }
    const product = await this.findProduct(job.productId);
    // Restocked before the job ran (a retry can come much later): nothing to tell.
    if (!product || product.stockOnHand - product.stockAllocated > 0) return;
    await this.once(job.productId, `operator:stock_depleted:${job.depletedAt}`, () =>
      this.chat.post(
        `:warning: ${product.name} (SKU ${product.sku}, id ${product.id}) is out of stock: ` +
          `${product.stockOnHand} on hand, all reserved by orders`,
      ),
    );
  }

  /**
   * Claims (subject, kind) and sends inside one transaction: a concurrent duplicate waits on the unique key and
   * then skips; a failed send rolls the claim back so the retry sends.
   */
  private async once(subjectId: string, kind: string, send: () => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO notification_log (subject_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`,
        [subjectId, kind],
      );
      if (claimed.length === 0) return;
      await send();
    });
  }

  // A job may outlive what it is about: a missing order or product means there is nothing to send.
  private findProduct(productId: string): Promise<AdminProductResponse | null> {
    return this.catalog.getProductForAdmin(productId).catch(nullWhenNotFound);
  }

  private findOrder(orderId: string): Promise<AdminOrderResponse | null> {
    return this.orders.getOrderWithHistory(orderId).catch(nullWhenNotFound);
  }
}

function nullWhenNotFound(err: unknown): null {
  if (err instanceof NotFoundError) return null;
  throw err;
}
