import { createProduct, CreatedProduct } from '../factories/catalog.factory';
import { signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

describe('Catalog cache across replicas (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: SignedInUser;
  let product: CreatedProduct;

  beforeAll(async () => {
    a = await bootApp({ CATALOG_CACHE_TTL_MS: '3000' });
    b = await bootApp({ CATALOG_CACHE_TTL_MS: '3000' }, { shareWith: a });
    admin = await signUp(a.http, a.db, { roles: ['admin'] });
    product = await createProduct(a.db, { name: 'Cached Kettle', price: 150_000 });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('should serve repeated reads from memory until the TTL runs out', async () => {
    const first = await b.http.get(`/api/v1/products/${product.id}`).expect(200);
    await a.db.query(`UPDATE product SET name = 'Renamed Behind The Cache' WHERE id = $1`, [product.id]);
    const second = await b.http.get(`/api/v1/products/${product.id}`).expect(200);
    expect(second.body.name).toBe(first.body.name);

    const deadline = Date.now() + 5000;
    let latest = second;
    while (latest.body.name !== 'Renamed Behind The Cache' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      latest = await b.http.get(`/api/v1/products/${product.id}`).expect(200);
    }
    expect(latest.body.name).toBe('Renamed Behind The Cache');
  });

  it('should show an admin change on the other replica within one second', async () => {
    await b.http.get(`/api/v1/products/${product.id}`).expect(200);
    await b.http.get('/api/v1/products?sort=price_asc').expect(200);

    const changedAt = Date.now();
    await a.http
      .patch(`/api/v1/admin/products/${product.id}`)
      .set(admin.auth)
      .send({ price: 99_900 })
      .expect(200);
    let seen: number | undefined;
    while (seen === undefined && Date.now() - changedAt < 2000) {
      const detail = await b.http.get(`/api/v1/products/${product.id}`);
      const list = await b.http.get('/api/v1/products?sort=price_asc');
      if (detail.body.price === 99_900 && list.body.items[0].price === 99_900) seen = Date.now();
    }

    expect(seen).toBeDefined();
    expect(seen! - changedAt).toBeLessThan(1000);
  });

  it('should send Cache-Control for CDNs and answer a matching If-None-Match with 304', async () => {
    const first = await a.http.get('/api/v1/categories').expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=5');
    expect(first.headers.etag).toMatch(/^W\/".+"$/);
    const again = await a.http.get('/api/v1/categories').set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text).toBe('');
    await a.http.get('/api/v1/categories').set('If-None-Match', 'W/"other"').expect(200);
    const cart = await a.http.get('/api/v1/cart').set(admin.auth).expect(200);
    expect(cart.headers.etag).toBeUndefined();
  });
});
