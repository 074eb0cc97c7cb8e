import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface ProductOverrides {
  name?: string;
  description?: string;
  price?: number;
  stock?: number;
  categorySlug?: string;
  isActive?: boolean;
  sku?: string;
}

export interface CreatedProduct {
  id: string;
  sku: string;
  slug: string;
  name: string;
  price: number;
}

let counter = 0;

export async function createCategory(db: DataSource, slug = 'gadgets', name = 'Gadgets'): Promise<string> {
  const rows: Array<{ id: string }> = await db.query(
    `INSERT INTO category (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [slug, name],
  );
  return rows[0].id;
}

/** Persists a product with its stock row directly (fast arrangement for API tests). */
export async function createProduct(db: DataSource, overrides: ProductOverrides = {}): Promise<CreatedProduct> {
  counter += 1;
  const categoryId = await createCategory(db, overrides.categorySlug ?? 'gadgets', overrides.categorySlug ?? 'Gadgets');
  const sku = overrides.sku ?? `T-${counter}-${randomUUID().slice(0, 8).toUpperCase()}`;
  const name = overrides.name ?? `Test Gadget ${counter}`;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${sku.toLowerCase()}`;
  const price = overrides.price ?? 129_900;
  const [row]: Array<{ id: string }> = await db.query(
    `INSERT INTO product (sku, slug, name, description, price_paisa, category_id, is_active)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [sku, slug, name, overrides.description ?? `${name} description`, price, categoryId, overrides.isActive ?? true],
  );
  await db.query(`INSERT INTO stock_level (product_id, stock_on_hand) VALUES ($1, $2)`, [row.id, overrides.stock ?? 100]);
  return { id: row.id, sku, slug, name, price };
}

export async function stockOf(db: DataSource, productId: string): Promise<{ onHand: number; allocated: number }> {
  const [row]: Array<{ stock_on_hand: number; stock_allocated: number }> = await db.query(
    `SELECT stock_on_hand, stock_allocated FROM stock_level WHERE product_id = $1`,
    [productId],
  );
  return { onHand: row.stock_on_hand, allocated: row.stock_allocated };
}
