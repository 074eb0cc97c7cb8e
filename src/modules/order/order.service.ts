import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { createHash } from 'node:crypto';
import { Counter, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';

import { OutOfStockError, CartService } from 'src/modules/cart';
import { CatalogService } from 'src/modules/catalog';
import { orderConfig, OrderConfig } from 'src/platform/config/namespaces';
import { inTransaction, Page, prepared } from 'src/platform/database/sql';
import { DomainEvents } from 'src/platform/events/domain-events';
import { NotFoundError } from 'src/platform/http/domain-error';

import { PlaceOrderDto } from './dto/order.dto';
import { AdminOrderResponse, OrderHistoryEntryResponse, OrderResponse } from './dto/order.response';
import { ShippingAddress } from './entities/order.entity';
import {
  CartEmptyError,
  IdempotencyKeyReusedError,
  InvalidStateTransitionError,
  NotPayableOnlineError,
  PaymentFailedError,
  PaymentSimulatorDisabledError,
  PerCustomerLimitError,
  TooManyOpenOrdersError,
} from './order.errors';
import { CHECKOUT_FAILURES, ORDER_VALUE, ORDERS_PLACED } from './order.metrics';
import { shippingFeeFor, subtotalOf } from './order-pricing';
import { canTransition, OrderStatus, stockEffectOf } from './order-status';

export type ActorType = 'customer' | 'admin' | 'system';
export interface Actor {
  type: ActorType;
  id: string | null;
}

export interface StatusChange {
  orderId: string;
  userId: string;
  from: OrderStatus;
  to: OrderStatus;
  totalPaisa: number;
}

interface OrderRow {
  id: string;
  number: string;
  user_id: string;
  status: OrderStatus;
  subtotal_paisa: number;
  shipping_fee_paisa: number;
  total_paisa: number;
  currency: string;
  payment_method: string;
  shipping_address: ShippingAddress;
  created_at: Date;
  updated_at: Date;
}

interface LineRow {
  order_id: string;
  product_id: string;
  sku: string;
  product_name: string;
  unit_price_paisa: number;
  quantity: number;
  line_total_paisa: number;
}

type TxOptions = { manager?: EntityManager };

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function toOrder(row: OrderRow, lines: LineRow[]): OrderResponse {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    items: lines.map((l) => ({
      productId: l.product_id,
      sku: l.sku,
      name: l.product_name,
      unitPrice: l.unit_price_paisa,
      quantity: l.quantity,
      lineTotal: l.line_total_paisa,
    })),
    subtotal: row.subtotal_paisa,
    shippingFee: row.shipping_fee_paisa,
    total: row.total_paisa,
    currency: row.currency,
    paymentMethod: row.payment_method,
    shippingAddress: row.shipping_address,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Checkout and the order lifecycle. Events are emitted only after the transaction that caused them commits. */
@Injectable()
export class OrderService {
  private readonly logger = new Logger(OrderService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly cart: CartService,
    private readonly events: DomainEvents,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
    @InjectMetric(ORDERS_PLACED) private readonly ordersPlaced: Counter<'payment_method'>,
    @InjectMetric(ORDER_VALUE) private readonly orderValue: Histogram,
    @InjectMetric(CHECKOUT_FAILURES) private readonly checkoutFailures: Counter<'reason'>,
  ) {}

  /**
   * Turns the customer's cart into an order in one transaction: the idempotency key is claimed first (a
   * concurrent duplicate waits on its primary key), stock is reserved for every line or for none, prices come
   * from the catalog, and the cart is emptied. Replaying a key returns the order it created.
   */
  async placeOrder(
    userId: string,
    idempotencyKey: string,
    dto: PlaceOrderDto,
  ): Promise<{ order: OrderResponse; replayed: boolean }> {
    const requestHash = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    const outcome = await this.countFailures(() =>
      this.dataSource.transaction(async (manager) => {
        const claimed = await prepared(
          manager,
          'order.claim_idempotency_key',
          `INSERT INTO idempotency_key (user_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
          [userId, idempotencyKey, requestHash],
        );
        if (claimed.length === 0) {
          const [existing]: Array<{ request_hash: string; order_id: string | null }> = await manager.query(
            `SELECT request_hash, order_id FROM idempotency_key WHERE user_id = $1 AND key = $2`,
            [userId, idempotencyKey],
          );
          if (!existing || existing.request_hash !== requestHash || !existing.order_id) {
            throw new IdempotencyKeyReusedError();
          }
          return {
            orderId: existing.order_id,
            placed: undefined,
            replayed: true,
            depleted: [] as string[],
            totalPaisa: 0,
          };
        }

        const { cartId, lines } = await this.cart.lockForCheckout(manager, userId);
        if (!cartId || lines.length === 0) throw new CartEmptyError();
        // The cart lock serialises this customer's checkouts, so the limits below cannot be raced past.
        await this.assertWithinCustomerLimits(manager, userId, lines);
        const { allocated, missing, depleted } = await this.catalog.allocateStock(manager, lines);
        if (missing.length > 0) {
          // Only the failure path reads the products again, to name them in the error.
          const products = await this.catalog.getPurchasable(missing, { manager });
          throw new OutOfStockError(
            missing.map((productId) => {
              const product = products.get(productId);
              return {
                productId,
                name: product?.name,
                available: Math.max(product?.isActive ? product.available : 0, 0),
              };
            }),
          );
        }

        const priced = lines.map((line) => {
          const product = allocated.get(line.productId)!;
          return { ...line, sku: product.sku, name: product.name, unitPricePaisa: product.pricePaisa };
        });
        const subtotal = subtotalOf(priced);
        const shippingFee = shippingFeeFor(dto.shippingAddress.city, subtotal);
        const address: ShippingAddress = { ...dto.shippingAddress };
        // One statement for everything the order owns: the order, its lines, its first history entry, and the
        // idempotency key pointing at it.
        const [order] = await prepared<Pick<OrderRow, 'id' | 'number' | 'created_at' | 'updated_at'>>(
          manager,
          'order.insert_placed_order',
          `WITH o AS (
             INSERT INTO orders (number, user_id, status, subtotal_paisa, shipping_fee_paisa, total_paisa, payment_method, shipping_address)
             VALUES ('DC-' || nextval('order_number_seq'), $1, 'pending_payment', $2, $3, $4, $5, $6)
             RETURNING id, number, created_at, updated_at),
           l AS (
             INSERT INTO order_line (order_id, product_id, sku, product_name, unit_price_paisa, quantity, line_total_paisa)
             SELECT o.id, v.* FROM o, unnest($7::uuid[], $8::varchar[], $9::varchar[], $10::bigint[], $11::int[], $12::bigint[]) AS v),
           h AS (
             INSERT INTO order_status_history (order_id, from_status, to_status, actor_type, actor_id)
             SELECT o.id, NULL, 'pending_payment', 'customer', $1 FROM o),
           k AS (
             UPDATE idempotency_key SET order_id = (SELECT id FROM o) WHERE user_id = $1 AND key = $13)
           SELECT id, number, created_at, updated_at FROM o`,
          [
            userId,
            subtotal,
            shippingFee,
            subtotal + shippingFee,
            dto.paymentMethod,
            JSON.stringify(address),
            priced.map((l) => l.productId),
            priced.map((l) => l.sku),
            priced.map((l) => l.name),
            priced.map((l) => l.unitPricePaisa),
            priced.map((l) => l.quantity),
            priced.map((l) => l.unitPricePaisa * l.quantity),
            idempotencyKey,
          ],
        );
        await this.cart.emptyCart(manager, cartId);
        const placed = toOrder(
          {
            ...order,
            user_id: userId,
            status: 'pending_payment',
            subtotal_paisa: subtotal,
            shipping_fee_paisa: shippingFee,
            total_paisa: subtotal + shippingFee,
            currency: 'BDT',
            payment_method: dto.paymentMethod,
            shipping_address: address,
          },
          priced.map((l) => ({
            order_id: order.id,
            product_id: l.productId,
            sku: l.sku,
            product_name: l.name,
            unit_price_paisa: l.unitPricePaisa,
            quantity: l.quantity,
            line_total_paisa: l.unitPricePaisa * l.quantity,
          })),
        );
        return { orderId: order.id, placed, replayed: false, depleted, totalPaisa: subtotal + shippingFee };
      }),
    );

    if (!outcome.replayed) {
      this.ordersPlaced.inc({ payment_method: dto.paymentMethod });
      this.orderValue.observe(outcome.totalPaisa / 100);
      this.events.emit('order.placed', { orderId: outcome.orderId, userId, totalPaisa: outcome.totalPaisa });
      for (const productId of outcome.depleted) this.events.emit('catalog.stock_depleted', { productId });
    }
    const order = outcome.placed ?? (await this.getOrder(outcome.orderId, { ownerId: userId }));
    return { order, replayed: outcome.replayed };
  }

  async listMine(userId: string, page: number, limit: number): Promise<Page<OrderResponse>> {
    return this.listOrders({ userId, page, limit });
  }

  async listAll(query: { status?: OrderStatus; page: number; limit: number }): Promise<Page<OrderResponse>> {
    return this.listOrders(query);
  }

  /** One order; with ownerId set, another customer's order is reported as not found. */
  async getOrder(orderId: string, options: { ownerId?: string } & TxOptions = {}): Promise<OrderResponse> {
    const db = options.manager ?? this.dataSource;
    const params: unknown[] = [orderId];
    let sql = `SELECT * FROM orders WHERE id = $1`;
    if (options.ownerId) {
      params.push(options.ownerId);
      sql += ` AND user_id = $2`;
    }
    const rows: OrderRow[] = await db.query(sql, params);
    if (rows.length === 0) throw new NotFoundError('Order');
    const lines: LineRow[] = await db.query(
      `SELECT * FROM order_line WHERE order_id = $1 ORDER BY product_id`,
      [orderId],
    );
    return toOrder(rows[0], lines);
  }

  async getOrderWithHistory(orderId: string): Promise<AdminOrderResponse> {
    const order = await this.getOrder(orderId);
    const [owner]: Array<{ user_id: string }> = await this.dataSource.query(
      `SELECT user_id FROM orders WHERE id = $1`,
      [orderId],
    );
    const history: Array<{
      from_status: string | null;
      to_status: string;
      created_at: Date;
      actor_type: string;
      actor_id: string | null;
      note: string | null;
    }> = await this.dataSource.query(
      `SELECT from_status, to_status, created_at, actor_type, actor_id, note
         FROM order_status_history WHERE order_id = $1 ORDER BY created_at, id`,
      [orderId],
    );
    const entries: OrderHistoryEntryResponse[] = history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      at: h.created_at.toISOString(),
      actor: h.actor_type,
      actorId: h.actor_id,
      note: h.note,
    }));
    return { ...order, userId: owner.user_id, history: entries };
  }

  /**
   * The payment simulator, where the setting enables it (never by default in production): success moves a card or
   * bKash order to paid, failure is recorded and reported as 402. A cash-on-delivery order is never paid online.
   */
  async pay(userId: string, orderId: string, outcome: 'success' | 'failure'): Promise<OrderResponse> {
    if (!this.config.simulatorEnabled) throw new PaymentSimulatorDisabledError();
    const actor: Actor = { type: 'customer', id: userId };
    const change = await this.dataSource.transaction(async (manager) => {
      const order = await this.lockOrder(manager, orderId, userId);
      if (order.payment_method === 'cod') throw new NotPayableOnlineError();
      if (order.status !== 'pending_payment') throw new InvalidStateTransitionError(order.status, 'paid');
      if (outcome === 'failure') {
        await this.recordHistory(manager, orderId, order.status, order.status, actor, 'payment failed');
        return null;
      }
      return this.changeStatus(orderId, 'paid', actor, { manager, ownerId: userId });
    });
    if (!change) {
      this.checkoutFailures.inc({ reason: 'payment_failed' });
      this.events.emit('order.payment_failed', { orderId, userId });
      throw new PaymentFailedError();
    }
    this.announce(change);
    return this.getOrder(orderId);
  }

  async cancelByCustomer(userId: string, orderId: string): Promise<OrderResponse> {
    const change = await this.dataSource.transaction(async (manager) => {
      const order = await this.lockOrder(manager, orderId, userId);
      if (order.status !== 'pending_payment') {
        throw new InvalidStateTransitionError(
          order.status,
          'cancelled',
          'Only an order awaiting payment can be cancelled by the customer',
        );
      }
      return this.changeStatus(
        orderId,
        'cancelled',
        { type: 'customer', id: userId },
        { manager, ownerId: userId },
      );
    });
    this.announce(change);
    return this.getOrder(orderId);
  }

  /**
   * Moves an order through the state machine inside the caller's transaction (or its own), applying the stock
   * effect of the move and recording it in the order history. Call announce() after the commit.
   */
  changeStatus(
    orderId: string,
    to: OrderStatus,
    actor: Actor,
    options: TxOptions & { ownerId?: string; note?: string; onlyFrom?: OrderStatus } = {},
  ): Promise<StatusChange> {
    return inTransaction(this.dataSource, options, async (manager) => {
      const order = await this.lockOrder(manager, orderId, options.ownerId);
      if (!canTransition(order.status, to) || (options.onlyFrom && order.status !== options.onlyFrom)) {
        throw new InvalidStateTransitionError(order.status, to);
      }
      const lines: Array<{ product_id: string; quantity: number }> = await manager.query(
        `SELECT product_id, quantity FROM order_line WHERE order_id = $1`,
        [orderId],
      );
      const stockLines = lines.map((l) => ({ productId: l.product_id, quantity: l.quantity }));
      const effect = stockEffectOf(order.status, to);
      if (effect === 'release') await this.catalog.releaseStock(manager, stockLines);
      if (effect === 'fulfil') await this.catalog.fulfilStock(manager, stockLines);
      await manager.query(`UPDATE orders SET status = $2, updated_at = now() WHERE id = $1`, [orderId, to]);
      await this.recordHistory(manager, orderId, order.status, to, actor, options.note);
      return { orderId, userId: order.user_id, from: order.status, to, totalPaisa: order.total_paisa };
    });
  }

  /** Publishes a committed status change to listeners (notifications, metrics). */
  announce(change: StatusChange): void {
    this.events.emit('order.status_changed', change);
  }

  /**
   * The shop's defence against one account sitting on a hot product: a few open orders at a time, and a cap on the
   * units of one product held in orders that have not shipped yet (unconfirmed cash-on-delivery orders expire too).
   */
  private async assertWithinCustomerLimits(
    manager: EntityManager,
    userId: string,
    lines: Array<{ productId: string; quantity: number }>,
  ): Promise<void> {
    const [{ open }] = await prepared<{ open: number }>(
      manager,
      'order.count_open',
      `SELECT count(*)::int AS open FROM orders WHERE user_id = $1 AND status = 'pending_payment'`,
      [userId],
    );
    if (open >= this.config.maxOpenOrdersPerCustomer) throw new TooManyOpenOrdersError(this.config.maxOpenOrdersPerCustomer);
    const held = await prepared<{ product_id: string; held: number }>(
      manager,
      'order.units_held',
      `SELECT l.product_id, sum(l.quantity)::int AS held FROM order_line l JOIN orders o ON o.id = l.order_id
        WHERE o.user_id = $1 AND o.status IN ('pending_payment', 'paid') AND l.product_id = ANY($2::uuid[])
        GROUP BY l.product_id`,
      [userId, lines.map((l) => l.productId)],
    );
    const heldOf = new Map(held.map((h) => [h.product_id, h.held]));
    const max = this.config.maxUnitsPerProduct;
    const over = lines
      .filter((l) => (heldOf.get(l.productId) ?? 0) + l.quantity > max)
      .map((l) => ({ productId: l.productId, allowed: Math.max(max - (heldOf.get(l.productId) ?? 0), 0) }));
    if (over.length > 0) throw new PerCustomerLimitError(over, max);
  }

  private async countFailures<T>(checkout: () => Promise<T>): Promise<T> {
    try {
      return await checkout();
    } catch (err) {
      if (err instanceof OutOfStockError) this.checkoutFailures.inc({ reason: 'out_of_stock' });
      if (err instanceof CartEmptyError) this.checkoutFailures.inc({ reason: 'cart_empty' });
      throw err;
    }
  }

  private async listOrders(query: {
    userId?: string;
    status?: OrderStatus;
    page: number;
    limit: number;
  }): Promise<Page<OrderResponse>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.userId) {
      params.push(query.userId);
      where.push(`user_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM orders ${filter}`,
      params,
    );
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT * FROM orders ${filter} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, (query.page - 1) * query.limit],
    );
    const lines: LineRow[] =
      rows.length === 0
        ? []
        : await this.dataSource.query(
            `SELECT * FROM order_line WHERE order_id = ANY($1::uuid[]) ORDER BY product_id`,
            [rows.map((r) => r.id)],
          );
    return {
      items: rows.map((row) =>
        toOrder(
          row,
          lines.filter((l) => l.order_id === row.id),
        ),
      ),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  private async lockOrder(manager: EntityManager, orderId: string, ownerId?: string): Promise<OrderRow> {
    const params: unknown[] = [orderId];
    let sql = `SELECT * FROM orders WHERE id = $1`;
    if (ownerId) {
      params.push(ownerId);
      sql += ` AND user_id = $2`;
    }
    const rows: OrderRow[] = await manager.query(`${sql} FOR UPDATE`, params);
    if (rows.length === 0) throw new NotFoundError('Order');
    return rows[0];
  }

  private async recordHistory(
    manager: EntityManager,
    orderId: string,
    from: OrderStatus | null,
    to: OrderStatus,
    actor: Actor,
    note?: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO order_status_history (order_id, from_status, to_status, actor_type, actor_id, note)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [orderId, from, to, actor.type, actor.id, note ?? null],
    );
  }
}
