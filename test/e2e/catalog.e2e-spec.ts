import { createProduct } from '../factories/catalog.factory';
import { bootApp, TestApp } from '../setup/test-app';

describe('Catalog (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
    for (let i = 0; i < 30; i += 1) {
      await createProduct(t.db, { name: `Catalog Item ${String(i).padStart(2, '0')}`, price: 10_000 + i * 100, categorySlug: i % 2 ? 'odd' : 'even' });
    }
    await createProduct(t.db, { name: 'Symphony Kettle', description: '50% off_special \\ deal', price: 99_900 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should paginate with a stable order and report the total', async () => {
    const first = await t.http.get('/api/v1/products?sort=price_asc&limit=10&page=1').expect(200);
    const second = await t.http.get('/api/v1/products?sort=price_asc&limit=10&page=2').expect(200);
    const beyond = await t.http.get('/api/v1/products?sort=price_asc&limit=10&page=99').expect(200);
    expect(first.body).toMatchObject({ total: 31, page: 1, limit: 10 });
    expect(first.body.items.map((p: { price: number }) => p.price)).toEqual(Array.from({ length: 10 }, (_, i) => 10_000 + i * 100));
    expect(second.body.items[0].price).toBe(11_000);
    expect(beyond.body).toEqual({ items: [], total: 31, page: 99, limit: 10 });
  });

  it('should sort by every supported order', async () => {
    const desc = await t.http.get('/api/v1/products?sort=price_desc&limit=1').expect(200);
    expect(desc.body.items[0].name).toBe('Symphony Kettle');
    const byName = await t.http.get('/api/v1/products?sort=name&limit=2').expect(200);
    expect(byName.body.items.map((p: { name: string }) => p.name)).toEqual(['Catalog Item 00', 'Catalog Item 01']);
    const newest = await t.http.get('/api/v1/products?sort=newest&limit=1').expect(200);
    expect(newest.body.items[0].name).toBe('Symphony Kettle');
  });

  it('should filter by category and price range together', async () => {
    const res = await t.http.get('/api/v1/products?category=odd&minPrice=10500&maxPrice=11000').expect(200);
    expect(res.body.items.map((p: { price: number }) => p.price).sort()).toEqual([10_500, 10_700, 10_900]);
    expect((await t.http.get('/api/v1/products?category=unknown-category').expect(200)).body.total).toBe(0);
  });

  it('should match search text literally, including LIKE wildcards', async () => {
    expect((await t.http.get('/api/v1/products?q=50%25').expect(200)).body.total).toBe(1);
    expect((await t.http.get('/api/v1/products?q=f_s').expect(200)).body.total).toBe(1);
    expect((await t.http.get('/api/v1/products?q=%25%25%25').expect(200)).body.total).toBe(0);
    expect((await t.http.get('/api/v1/products?q=___').expect(200)).body.total).toBe(0);
  });

  it('should answer search from the trigram index, not a sequential scan', async () => {
    // A realistic catalog size (the seed's 10,000 products), so the planner's choice is the one production gets.
    await t.db.query(
      `INSERT INTO product (sku, slug, name, description, price_paisa, category_id)
       SELECT 'GEN-' || g, 'gen-' || g, 'Generated Widget ' || g, 'Bulk item number ' || g || ' with a warranty, fast delivery inside Dhaka and an official invoice', 1000 + g, (SELECT id FROM category LIMIT 1)
         FROM generate_series(1, 10000) AS g`,
    );
    await t.db.query('ANALYZE product');
    const plan: Array<{ 'QUERY PLAN': string }> = await t.db.query(
      `EXPLAIN SELECT p.id FROM product p JOIN category c ON c.id = p.category_id
        WHERE p.is_active AND (p.name || ' ' || p.description) ILIKE $1 ORDER BY p.created_at DESC, p.id LIMIT 24`,
      ['%kettle%'],
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('Bitmap Index Scan on product_search_trgm_idx');
    expect(text).not.toContain('Seq Scan on product');
    await t.db.query(`DELETE FROM product WHERE sku LIKE 'GEN-%'`);
  });

  it('should echo a sane X-Request-Id and mint one otherwise', async () => {
    const echoed = await t.http.get('/api/v1/categories').set('X-Request-Id', 'trace-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const minted = await t.http.get('/api/v1/categories').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
