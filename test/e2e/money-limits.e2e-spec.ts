import { randomUUID } from 'node:crypto';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

const INT32_MAX = 2 ** 31 - 1;

// Money is 64-bit end to end: 54 of the ৳400,000 TVs (৳21.6 million) overflowed the 32-bit columns with a 500.
describe('Money beyond 32 bits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should place, show, list and cancel an order above 2^31 - 1 paisa exactly', async () => {
    // Arrange: 54 × ৳400,000 = 2,160,000,000 paisa, just past the 32-bit boundary.
    const tv = await createProduct(t.db, { name: 'Sony Bravia 98', price: 40_000_000, stock: 60 });
    const customer = await signUp(t.http, t.db);
    const admin = await signUp(t.http, t.db, { roles: ['admin'] });
    await t.http.post('/api/v1/cart/items').set(customer.auth).send({ productId: tv.id, quantity: 54 }).expect(200);

    // Act
    const placed = await t.http.post('/api/v1/orders').set(customer.auth).set('Idempotency-Key', randomUUID()).send(SHIPPING);

    // Assert
    expect(placed.status).toBe(201);
    expect(placed.body.total).toBe(2_160_000_000);
    expect(placed.body.total).toBeGreaterThan(INT32_MAX);
    expect(placed.body.items[0]).toMatchObject({ unitPrice: 40_000_000, quantity: 54, lineTotal: 2_160_000_000 });
    const mine = await t.http.get(`/api/v1/orders/${placed.body.id}`).set(customer.auth).expect(200);
    expect(mine.body).toMatchObject({ subtotal: 2_160_000_000, shippingFee: 0, total: 2_160_000_000 });
    const listed = await t.http.get('/api/v1/admin/orders').set(admin.auth).expect(200);
    expect(listed.body.items.find((o: { id: string }) => o.id === placed.body.id).total).toBe(2_160_000_000);
    await t.http.post(`/api/v1/orders/${placed.body.id}/cancel`).set(customer.auth).expect(200);
    expect(await stockOf(t.db, tv.id)).toEqual({ onHand: 60, allocated: 0 });
  });

  it('should keep a cart to 100 products with a 409, so every total stays a safe integer', async () => {
    const customer = await signUp(t.http, t.db);
    const products = await Promise.all(Array.from({ length: 101 }, () => createProduct(t.db, { price: 1_000_000_000, stock: 99 })));
    for (const product of products.slice(0, 100)) {
      await t.http.post('/api/v1/cart/items').set(customer.auth).send({ productId: product.id, quantity: 99 }).expect(200);
    }

    const full = await t.http.post('/api/v1/cart/items').set(customer.auth).send({ productId: products[100].id, quantity: 1 });

    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ statusCode: 409, code: 'CART_FULL', requestId: expect.any(String) });
    const cart = await t.http.get('/api/v1/cart').set(customer.auth).expect(200);
    expect(cart.body.items).toHaveLength(100);
    expect(cart.body.subtotal).toBe(100 * 99 * 1_000_000_000);
    expect(Number.isSafeInteger(cart.body.subtotal)).toBe(true);
    const placed = await t.http.post('/api/v1/orders').set(customer.auth).set('Idempotency-Key', randomUUID()).send(SHIPPING);
    expect(placed.status).toBe(201);
    expect(placed.body.total).toBe(100 * 99 * 1_000_000_000);
  });
});
