import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';

import { CatalogService, StockLine } from 'src/modules/catalog';

import { OutOfStockError, ProductUnavailableError, QuantityLimitError } from './cart.errors';
import { CARTS_CREATED } from './cart.metrics';
import { AddCartItemDto, MAX_LINE_QUANTITY } from './dto/cart.dto';
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
      const current = await this.quantityOf(manager, cartId, dto.productId);
      await this.putLine(manager, cartId, dto.productId, current + dto.quantity);
      return this.render(manager, userId);
    });
  }

  setItem(userId: string, productId: string, quantity: number): Promise<CartResponse> {
    return this.dataSource.transaction(async (manager) => {
      const cartId = await this.lockCart(manager, userId);
      if (quantity === 0) {
        await manager.query(`DELETE FROM cart_line WHERE cart_id = $1 AND product_id = $2`, [cartId, productId]);
      } else {
        await this.putLine(manager, cartId, productId, quantity);
      }
      return this.render(manager, userId);
    });
  }

  removeItem(userId: string, productId: string): Promise<CartResponse> {
    return this.setItem(userId, productId, 0);
  }

  async clear(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM cart_line WHERE cart_id = (SELECT id FROM cart WHERE user_id = $1)`, [userId]);
  }

  /**
   * Locks the customer's cart for checkout inside the caller's transaction and returns its lines.
   * A second checkout of the same cart waits here, then finds it empty.
   */
  async lockForCheckout(manager: EntityManager, userId: string): Promise<{ cartId: string | null; lines: StockLine[] }> {
    const carts: Array<{ id: string }> = await manager.query(`SELECT id FROM cart WHERE user_id = $1 FOR UPDATE`, [userId]);
    if (carts.length === 0) return { cartId: null, lines: [] };
    const lines: Array<{ product_id: string; quantity: number }> = await manager.query(
      `SELECT product_id, quantity FROM cart_line WHERE cart_id = $1 ORDER BY product_id`,
      [carts[0].id],
    );
    return { cartId: carts[0].id, lines: lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })) };
  }

  async emptyCart(manager: EntityManager, cartId: string): Promise<void> {
    await manager.query(`DELETE FROM cart_line WHERE cart_id = $1`, [cartId]);
  }

  private async lockCart(manager: EntityManager, userId: string): Promise<string> {
    const created: unknown[] = await manager.query(
      `INSERT INTO cart (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING RETURNING id`,
      [userId],
    );
    if (created.length > 0) this.cartsCreated.inc();
    const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM cart WHERE user_id = $1 FOR UPDATE`, [userId]);
    return rows[0].id;
  }

  private async quantityOf(manager: EntityManager, cartId: string, productId: string): Promise<number> {
    const rows: Array<{ quantity: number }> = await manager.query(
      `SELECT quantity FROM cart_line WHERE cart_id = $1 AND product_id = $2`,
      [cartId, productId],
    );
    return rows[0]?.quantity ?? 0;
  }

  private async putLine(manager: EntityManager, cartId: string, productId: string, quantity: number): Promise<void> {
    if (quantity > MAX_LINE_QUANTITY) throw new QuantityLimitError(MAX_LINE_QUANTITY);
    const product = (await this.catalog.getPurchasable([productId], { manager })).get(productId);
    if (!product || !product.isActive) throw new ProductUnavailableError();
    if (quantity > product.available) {
      throw new OutOfStockError([{ productId, name: product.name, available: Math.max(product.available, 0) }]);
    }
    await manager.query(
      `INSERT INTO cart_line (cart_id, product_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [cartId, productId, quantity],
    );
    await manager.query(`UPDATE cart SET updated_at = now() WHERE id = $1`, [cartId]);
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
