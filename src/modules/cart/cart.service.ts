import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';

import { CatalogService, StockLine } from 'src/modules/catalog';
import { prepared } from 'src/platform/database/sql';

import { CartFullError, OutOfStockError, ProductUnavailableError, QuantityLimitError } from './cart.errors';
import { CARTS_CREATED } from './cart.metrics';
import { AddCartItemDto, MAX_CART_LINES, MAX_LINE_QUANTITY } from './dto/cart.dto';
import { CartResponse } from './dto/cart.response';

/** The signed-in customer's cart. Every mutation locks the cart row first, so concurrent edits never lose lines. */
@Injectable()
export class CartService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    @InjectMetric(CARTS_CREATED) private readonly cartsCreated: Counter,
  ) {}

  getCart(userId: string): Promise<CartResponse> {
    return this.render(this.dataSource.manager, userId);
  }

  addItem(userId: string, dto: AddCartItemDto): Promise<CartResponse> {
    return this.dataSource.transaction(async (manager) => {
      const cartId = await this.lockCart(manager, userId);
      await this.putLine(manager, cartId, dto.productId, dto.quantity, 'add');
      return this.render(manager, userId);
    });
  }

  setItem(userId: string, productId: string, quantity: number): Promise<CartResponse> {
    return this.dataSource.transaction(async (manager) => {
      const cartId = await this.lockCart(manager, userId);
      if (quantity === 0) {
        await manager.query(`DELETE FROM cart_line WHERE cart_id = $1 AND product_id = $2`, [
          cartId,
          productId,
        ]);
      } else {
        await this.putLine(manager, cartId, productId, quantity, 'set');
      }
      return this.render(manager, userId);
    });
  }

  removeItem(userId: string, productId: string): Promise<CartResponse> {
    return this.setItem(userId, productId, 0);
  }

  async clear(userId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM cart_line WHERE cart_id = (SELECT id FROM cart WHERE user_id = $1)`,
      [userId],
    );
  }

  /**
   * Locks the customer's cart for checkout inside the caller's transaction and returns its lines.
   * The lock is taken on its own, before the lines are read: under READ COMMITTED a statement that waited for the
   * lock re-checks only the locked row, so lines read in that same statement would be the ones from before the
   * other checkout emptied the cart. Read in the next statement, they are current: a second checkout of the same
   * cart waits here, then finds it empty.
   */
  async lockForCheckout(
    manager: EntityManager,
    userId: string,
  ): Promise<{ cartId: string | null; lines: StockLine[] }> {
    const [cart] = await prepared<{ id: string }>(
      manager,
      'cart.lock_for_checkout',
      `SELECT id FROM cart WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    if (!cart) return { cartId: null, lines: [] };
    const lines = await prepared<{ product_id: string; quantity: number }>(
      manager,
      'cart.lines_for_checkout',
      `SELECT product_id, quantity FROM cart_line WHERE cart_id = $1 ORDER BY product_id`,
      [cart.id],
    );
    return { cartId: cart.id, lines: lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })) };
  }

  async emptyCart(manager: EntityManager, cartId: string): Promise<void> {
    await prepared(manager, 'cart.empty', `DELETE FROM cart_line WHERE cart_id = $1`, [cartId]);
  }

  private async lockCart(manager: EntityManager, userId: string): Promise<string> {
    // Creates the cart or touches it; either way the row is now locked by this transaction.
    const [cart]: Array<{ id: string; created: boolean }> = await manager.query(
      `INSERT INTO cart (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [userId],
    );
    if (cart.created) this.cartsCreated.inc();
    return cart.id;
  }

  /** Adds to or sets a line; the limit and stock are checked on the result (the transaction rolls back if not). */
  private async putLine(
    manager: EntityManager,
    cartId: string,
    productId: string,
    quantity: number,
    mode: 'add' | 'set',
  ): Promise<void> {
    const product = (await this.catalog.getPurchasable([productId], { manager })).get(productId);
    if (!product || !product.isActive) throw new ProductUnavailableError();
    const next = `CASE WHEN $4 THEN cart_line.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END`;
    const lines: Array<{ quantity: number; inserted: boolean }> = await manager.query(
      `INSERT INTO cart_line (cart_id, product_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = ${next} WHERE ${next} <= $5
       RETURNING quantity, (xmax = 0) AS inserted`,
      [cartId, productId, quantity, mode === 'add', MAX_LINE_QUANTITY],
    );
    if (lines.length === 0) throw new QuantityLimitError(MAX_LINE_QUANTITY);
    // Only a new line can make the cart too big; changing a quantity costs no count.
    if (lines[0].inserted) {
      const [{ count }] = await prepared<{ count: number }>(
        manager,
        'cart.count_lines',
        `SELECT count(*)::int AS count FROM cart_line WHERE cart_id = $1`,
        [cartId],
      );
      if (count > MAX_CART_LINES) throw new CartFullError(MAX_CART_LINES);
    }
    if (lines[0].quantity > product.available) {
      throw new OutOfStockError([
        { productId, name: product.name, available: Math.max(product.available, 0) },
      ]);
    }
  }

  private async render(manager: EntityManager, userId: string): Promise<CartResponse> {
    const lines: Array<{ product_id: string; quantity: number }> = await manager.query(
      `SELECT l.product_id, l.quantity FROM cart_line l JOIN cart c ON c.id = l.cart_id
        WHERE c.user_id = $1 ORDER BY l.added_at, l.product_id`,
      [userId],
    );
    const products = await this.catalog.getPurchasable(
      lines.map((l) => l.product_id),
      { manager },
    );
    const items = lines.flatMap((line) => {
      const product = products.get(line.product_id);
      if (!product) return [];
      return [
        {
          productId: product.id,
          sku: product.sku,
          name: product.name,
          unitPrice: product.pricePaisa,
          quantity: line.quantity,
          lineTotal: product.pricePaisa * line.quantity,
          available: product.isActive ? Math.max(product.available, 0) : 0,
        },
      ];
    });
    return { items, subtotal: items.reduce((sum, i) => sum + i.lineTotal, 0), currency: 'BDT' };
  }
}
