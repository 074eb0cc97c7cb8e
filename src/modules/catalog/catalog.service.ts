import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';

import { escapeLike, inTransaction, isUniqueViolation, Page, prepared } from 'src/platform/database/sql';
import { NotFoundError } from 'src/platform/http/domain-error';

import { CatalogCache } from './catalog.cache';
import { STOCK_CONFLICTS } from './catalog.metrics';
import {
  CategorySlugTakenError,
  SkuTakenError,
  StockBelowReservedError,
  UnknownCategoryError,
} from './catalog.errors';
import {
  CreateCategoryDto,
  CreateProductDto,
  ListProductsQueryDto,
  ProductSort,
  UpdateProductDto,
} from './dto/catalog.dto';
import {
  AdminProductResponse,
  CategoryResponse,
  ProductResponse,
  PurchasableProduct,
} from './dto/catalog.response';

interface ProductRow {
  id: string;
  sku: string;
  slug: string;
  name: string;
  description: string;
  price_paisa: number;
  currency: string;
  image_url: string | null;
  is_active: boolean;
  stock_on_hand: number;
  stock_allocated: number;
  category_id: string;
  category_slug: string;
  category_name: string;
  total?: string;
}

export interface StockLine {
  productId: string;
  quantity: number;
}

type TxOptions = { manager?: EntityManager };

const PRODUCT_SELECT = `
  SELECT p.id, p.sku, p.slug, p.name, p.description, p.price_paisa, p.currency, p.image_url, p.is_active,
         s.stock_on_hand, s.stock_allocated, c.id AS category_id, c.slug AS category_slug, c.name AS category_name
    FROM product p
    JOIN category c ON c.id = p.category_id
    JOIN stock_level s ON s.product_id = p.id`;

const ORDER_BY: Record<ProductSort, string> = {
  price_asc: 'p.price_paisa ASC, p.id ASC',
  price_desc: 'p.price_paisa DESC, p.id ASC',
  newest: 'p.created_at DESC, p.id ASC',
  name: 'p.name ASC, p.id ASC',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What the storefront asks for: the home page's 8, the grid's 24, and 12 (the load generator's, for widgets).
const CACHED_LIMITS = new Set([8, 12, 24]);
// Browsing rarely goes deeper; the benchmark's catalog scenario reads pages 1-50.
const CACHED_PAGES = 50;
const CACHED_QUERY_LENGTH = 40;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The cache key of a list query worth caching, or undefined for an uncommon one, which is served straight from
 * PostgreSQL. Worth caching: a storefront page size, a page up to CACHED_PAGES, no price filter (free-form
 * numbers: every visitor's range is different), a search of at most CACHED_QUERY_LENGTH characters. The key is
 * built from the parsed query, so parameter order and spelled-out defaults do not matter; an ASCII search is
 * lower-cased, as ILIKE ignores its case.
 */
export function listCacheKey(query: ListProductsQueryDto): string | undefined {
  if (!CACHED_LIMITS.has(query.limit) || query.page > CACHED_PAGES) return undefined;
  if (query.minPrice !== undefined || query.maxPrice !== undefined) return undefined;
  const q = searchKey(query.q);
  if (q === undefined) return undefined;
  return `list:${q}|${query.category ?? ''}|${query.sort}|${query.page}|${query.limit}`;
}

function searchKey(q: string | undefined): string | undefined {
  if (q === undefined) return '';
  if (q.length > CACHED_QUERY_LENGTH) return undefined;
  return PRINTABLE_ASCII.test(q) ? q.toLowerCase() : q;
}

function toProduct(row: ProductRow): ProductResponse {
  return {
    id: row.id,
    sku: row.sku,
    slug: row.slug,
    name: row.name,
    description: row.description,
    price: row.price_paisa,
    currency: row.currency,
    stock: row.stock_on_hand - row.stock_allocated,
    category: { id: row.category_id, slug: row.category_slug, name: row.category_name },
    imageUrl: row.image_url,
  };
}

function toAdminProduct(row: ProductRow): AdminProductResponse {
  return {
    ...toProduct(row),
    stockOnHand: row.stock_on_hand,
    stockAllocated: row.stock_allocated,
    isActive: row.is_active,
  };
}

export function slugify(name: string, sku: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150)
    .replace(/-+$/, '');
  const suffix = sku.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return base ? `${base}-${suffix}` : suffix;
}

/** Products, categories and stock levels. Stock only ever changes through conditional SQL, in product-id order. */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectMetric(STOCK_CONFLICTS) private readonly stockConflicts: Counter,
    private readonly cache: CatalogCache,
  ) {}

  listProducts(query: ListProductsQueryDto): Promise<Page<ProductResponse>> {
    const key = listCacheKey(query);
    if (key === undefined) return this.queryProducts(query, { cacheCount: false });
    // An empty page (an unknown category, a search that finds nothing, a page past the end) is not kept:
    // those are what made-up queries produce.
    return this.cache.getOrLoad(key, () => this.queryProducts(query, { cacheCount: true }), {
      keep: (page) => page.items.length > 0,
    });
  }

  getProduct(idOrSlug: string): Promise<ProductResponse> {
    // Only products that exist are cached (a 404 rejects the load), so made-up slugs cannot fill the cache.
    const key = UUID.test(idOrSlug) ? idOrSlug.toLowerCase() : idOrSlug;
    return this.cache.getOrLoad(`product:${key}`, () => this.queryProduct(idOrSlug));
  }

  listCategories(): Promise<CategoryResponse[]> {
    return this.cache.getOrLoad('categories', () =>
      this.dataSource.query(`SELECT id, slug, name FROM category ORDER BY name, id`),
    );
  }

  private async queryProducts(
    query: ListProductsQueryDto,
    options: { cacheCount: boolean },
  ): Promise<Page<ProductResponse>> {
    const where = ['p.is_active'];
    const params: unknown[] = [];
    if (query.q) {
      params.push(`%${escapeLike(query.q)}%`);
      // The expression matches the trigram index product_search_trgm_idx.
      where.push(`(p.name || ' ' || p.description) ILIKE $${params.length}`);
    }
    if (query.category) {
      params.push(query.category);
      where.push(`c.slug = $${params.length}`);
    }
    if (query.minPrice !== undefined) {
      params.push(query.minPrice);
      where.push(`p.price_paisa >= $${params.length}`);
    }
    if (query.maxPrice !== undefined) {
      params.push(query.maxPrice);
      where.push(`p.price_paisa <= $${params.length}`);
    }
    const filter = where.join(' AND ');
    params.push(query.limit, (query.page - 1) * query.limit);
    const rows: ProductRow[] = await this.dataSource.query(
      `${PRODUCT_SELECT} WHERE ${filter} ORDER BY ${ORDER_BY[query.sort]} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const count = async (): Promise<number> => {
      const countRows: Array<{ total: number }> = await this.dataSource.query(
        `SELECT count(*)::int AS total FROM product p JOIN category c ON c.id = p.category_id WHERE ${filter}`,
        params.slice(0, -2),
      );
      return countRows[0].total;
    };
    // The total depends on the filter only, not on the page or the sort: one cached count serves them all.
    // Uncommon queries count straight from PostgreSQL, and a zero count is not kept, like an empty page.
    const total = options.cacheCount
      ? await this.cache.getOrLoad(`count:${searchKey(query.q)}|${query.category ?? ''}`, count, {
          keep: (n) => n > 0,
        })
      : await count();
    return { items: rows.map(toProduct), total, page: query.page, limit: query.limit };
  }

  /** Every product, active or not, with raw stock figures, for the back office. */
  async listProductsForAdmin(query: {
    q?: string;
    page: number;
    limit: number;
  }): Promise<Page<AdminProductResponse>> {
    const params: unknown[] = [];
    let filter = 'TRUE';
    if (query.q) {
      params.push(`%${escapeLike(query.q)}%`);
      filter = `((p.name || ' ' || p.description) ILIKE $1 OR p.sku ILIKE $1)`;
    }
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM product p WHERE ${filter}`,
      params,
    );
    const rows: ProductRow[] = await this.dataSource.query(
      `${PRODUCT_SELECT} WHERE ${filter} ORDER BY p.created_at DESC, p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, (query.page - 1) * query.limit],
    );
    return { items: rows.map(toAdminProduct), total, page: query.page, limit: query.limit };
  }

  private async queryProduct(idOrSlug: string): Promise<ProductResponse> {
    const column = UUID.test(idOrSlug) ? 'p.id' : 'p.slug';
    const rows: ProductRow[] = await this.dataSource.query(
      `${PRODUCT_SELECT} WHERE ${column} = $1 AND p.is_active`,
      [idOrSlug],
    );
    if (rows.length === 0) throw new NotFoundError('Product');
    return toProduct(rows[0]);
  }

  async getProductForAdmin(id: string, options: TxOptions = {}): Promise<AdminProductResponse> {
    const db = options.manager ?? this.dataSource;
    const rows: ProductRow[] = await db.query(`${PRODUCT_SELECT} WHERE p.id = $1`, [id]);
    if (rows.length === 0) throw new NotFoundError('Product');
    return toAdminProduct(rows[0]);
  }

  async createCategory(dto: CreateCategoryDto, options: TxOptions = {}): Promise<CategoryResponse> {
    const db = options.manager ?? this.dataSource;
    try {
      const rows: CategoryResponse[] = await db.query(
        `INSERT INTO category (slug, name) VALUES ($1, $2) RETURNING id, slug, name`,
        [dto.slug, dto.name],
      );
      return rows[0];
    } catch (err) {
      if (isUniqueViolation(err, 'category_slug_key')) throw new CategorySlugTakenError(dto.slug);
      throw err;
    }
  }

  createProduct(dto: CreateProductDto, options: TxOptions = {}): Promise<AdminProductResponse> {
    return inTransaction(this.dataSource, options, async (manager) => {
      const categoryId = await this.categoryIdOf(manager, dto.categorySlug);
      let inserted: Array<{ id: string }>;
      try {
        // A savepoint keeps the caller's transaction usable when the SKU is taken.
        inserted = await manager.transaction((inner) =>
          inner.query(
            `INSERT INTO product (sku, slug, name, description, price_paisa, category_id, image_url)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [
              dto.sku,
              slugify(dto.name, dto.sku),
              dto.name,
              dto.description,
              dto.price,
              categoryId,
              dto.imageUrl ?? null,
            ],
          ),
        );
      } catch (err) {
        if (isUniqueViolation(err, 'product_sku_key') || isUniqueViolation(err, 'product_slug_key')) {
          throw new SkuTakenError(dto.sku);
        }
        throw err;
      }
      await manager.query(`INSERT INTO stock_level (product_id, stock_on_hand) VALUES ($1, $2)`, [
        inserted[0].id,
        dto.stock,
      ]);
      return this.getProductForAdmin(inserted[0].id, { manager });
    });
  }

  updateProduct(
    id: string,
    dto: UpdateProductDto,
    options: TxOptions = {},
  ): Promise<{ before: AdminProductResponse; after: AdminProductResponse }> {
    return inTransaction(this.dataSource, options, async (manager) => {
      const before = await this.lockProduct(manager, id);
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown): void => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (dto.name !== undefined) set('name', dto.name);
      if (dto.description !== undefined) set('description', dto.description);
      if (dto.price !== undefined) set('price_paisa', dto.price);
      if (dto.imageUrl !== undefined) set('image_url', dto.imageUrl);
      if (dto.isActive !== undefined) set('is_active', dto.isActive);
      if (dto.categorySlug !== undefined) {
        set('category_id', await this.categoryIdOf(manager, dto.categorySlug));
      }
      if (sets.length > 0) {
        await manager.query(
          `UPDATE product SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
          params,
        );
      }
      return { before, after: await this.getProductForAdmin(id, { manager }) };
    });
  }

  setStockOnHand(
    id: string,
    onHand: number,
    options: TxOptions = {},
  ): Promise<{ before: AdminProductResponse; after: AdminProductResponse }> {
    return inTransaction(this.dataSource, options, async (manager) => {
      const before = await this.lockProduct(manager, id);
      if (onHand < before.stockAllocated) throw new StockBelowReservedError(before.stockAllocated);
      await manager.query(
        `UPDATE stock_level SET stock_on_hand = $2, updated_at = now() WHERE product_id = $1`,
        [id, onHand],
      );
      return { before, after: await this.getProductForAdmin(id, { manager }) };
    });
  }

  /** Current price and availability of the given products (the cart and checkout never trust client prices). */
  async getPurchasable(
    productIds: string[],
    options: TxOptions = {},
  ): Promise<Map<string, PurchasableProduct>> {
    if (productIds.length === 0) return new Map();
    const db = options.manager ?? this.dataSource;
    const rows: Array<{
      id: string;
      sku: string;
      name: string;
      price_paisa: number;
      available: number;
      is_active: boolean;
    }> = await db.query(
      `SELECT p.id, p.sku, p.name, p.price_paisa, s.stock_on_hand - s.stock_allocated AS available, p.is_active
           FROM product p JOIN stock_level s ON s.product_id = p.id WHERE p.id = ANY($1::uuid[])`,
      [productIds],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          sku: r.sku,
          name: r.name,
          pricePaisa: r.price_paisa,
          available: r.available,
          isActive: r.is_active,
        },
      ]),
    );
  }

  /**
   * Reserves stock for every line or reports the lines that cannot be served. Must run inside the caller's
   * transaction, which rolls back when anything is missing. Rows are locked in product-id order so concurrent
   * checkouts of overlapping carts cannot deadlock, and each line is taken with a conditional update so
   * concurrent checkouts cannot oversell.
   */
  async allocateStock(
    manager: EntityManager,
    lines: StockLine[],
  ): Promise<{ allocated: Map<string, PurchasableProduct>; missing: string[]; depleted: string[] }> {
    const sorted = this.sortLines(lines);
    await this.lockStockRows(manager, sorted);
    // The same statement returns the price and names the order will copy, read under the row lock.
    const rows = await prepared<{
      product_id: string;
      sku: string;
      name: string;
      price_paisa: number;
      available: number;
    }>(
      manager,
      'catalog.allocate_stock',
      `UPDATE stock_level s
          SET stock_allocated = s.stock_allocated + v.q, updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS v(product_id, q), product p
        WHERE s.product_id = v.product_id AND p.id = s.product_id AND p.is_active
          AND s.stock_on_hand - s.stock_allocated >= v.q
        RETURNING s.product_id, p.sku, p.name, p.price_paisa, s.stock_on_hand - s.stock_allocated AS available`,
      [sorted.map((l) => l.productId), sorted.map((l) => l.quantity)],
    );
    const allocated = new Map(
      rows.map((r) => [
        r.product_id,
        {
          id: r.product_id,
          sku: r.sku,
          name: r.name,
          pricePaisa: r.price_paisa,
          available: r.available,
          isActive: true,
        },
      ]),
    );
    if (rows.length < sorted.length) this.stockConflicts.inc(sorted.length - rows.length);
    return {
      allocated,
      missing: sorted.filter((l) => !allocated.has(l.productId)).map((l) => l.productId),
      depleted: rows.filter((r) => r.available === 0).map((r) => r.product_id),
    };
  }

  /** Gives reserved units back (an order was cancelled). */
  async releaseStock(manager: EntityManager, lines: StockLine[]): Promise<void> {
    const sorted = this.sortLines(lines);
    await this.lockStockRows(manager, sorted);
    await manager.query(
      `UPDATE stock_level s SET stock_allocated = s.stock_allocated - v.q, updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS v(product_id, q) WHERE s.product_id = v.product_id`,
      [sorted.map((l) => l.productId), sorted.map((l) => l.quantity)],
    );
  }

  /** Turns reserved units into sold ones (an order was shipped): they leave the shelf. */
  async fulfilStock(manager: EntityManager, lines: StockLine[]): Promise<void> {
    const sorted = this.sortLines(lines);
    await this.lockStockRows(manager, sorted);
    await manager.query(
      `UPDATE stock_level s
          SET stock_allocated = s.stock_allocated - v.q, stock_on_hand = s.stock_on_hand - v.q, updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS v(product_id, q) WHERE s.product_id = v.product_id`,
      [sorted.map((l) => l.productId), sorted.map((l) => l.quantity)],
    );
  }

  private sortLines(lines: StockLine[]): StockLine[] {
    const merged = new Map<string, number>();
    for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
    return [...merged.entries()]
      .map(([productId, quantity]) => ({ productId, quantity }))
      .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  }

  private async lockStockRows(manager: EntityManager, sorted: StockLine[]): Promise<void> {
    await prepared(
      manager,
      'catalog.lock_stock_rows',
      `SELECT product_id FROM stock_level WHERE product_id = ANY($1::uuid[]) ORDER BY product_id FOR UPDATE`,
      [sorted.map((l) => l.productId)],
    );
  }

  private async lockProduct(manager: EntityManager, id: string): Promise<AdminProductResponse> {
    const locked: unknown[] = await manager.query(`SELECT id FROM product WHERE id = $1 FOR UPDATE`, [id]);
    if (locked.length === 0) throw new NotFoundError('Product');
    await manager.query(`SELECT product_id FROM stock_level WHERE product_id = $1 FOR UPDATE`, [id]);
    return this.getProductForAdmin(id, { manager });
  }

  private async categoryIdOf(manager: EntityManager, slug: string): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM category WHERE slug = $1`, [
      slug,
    ]);
    if (rows.length === 0) throw new UnknownCategoryError(slug);
    return rows[0].id;
  }
}
