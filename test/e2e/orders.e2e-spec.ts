import { randomUUID } from 'node:crypto';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

describe('Orders (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const addToCart = (user: SignedInUser, productId: string, quantity: number) =>
    t.http.post('/api/v1/cart/items').set(user.auth).send({ productId, quantity }).expect(200);
  const checkout = (user: SignedInUser, key: string = randomUUID(), body: object = SHIPPING) =>
    t.http.post('/api/v1/orders').set(user.auth).set('Idempotency-Key', key).send(body);

  it('should sell exactly the stock when 50 customers check out 10 units concurrently', async () => {
    // Arrange
    const product = await createProduct(t.db, { stock: 10 });
    const customers = await Promise.all(Array.from({ length: 50 }, () => signUp(t.http, t.db)));
    await Promise.all(customers.map((c) => addToCart(c, product.id, 1)));
    await t.db.query(`UPDATE stock_level SET stock_on_hand = 10 WHERE product_id = $1`, [product.id]);

    // Act
    const results = await Promise.all(customers.map((c) => checkout(c)));

    // Assert
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const rejected of results.filter((r) => r.status === 409)) {
      expect(rejected.body).toMatchObject({ code: 'OUT_OF_STOCK', requestId: expect.any(String) });
      expect(rejected.body.message).toContain(product.name);
    }
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 10, allocated: 10 });
    const [{ sold }] = await t.db.query(
      `SELECT sum(quantity)::int AS sold FROM order_line WHERE product_id = $1`,
      [product.id],
    );
    expect(sold).toBe(10);
  });

  it('should never deadlock or fail when carts (A,B) and (B,A) check out concurrently', async () => {
    // Arrange
    const a = await createProduct(t.db, { stock: 1000 });
    const b = await createProduct(t.db, { stock: 1000 });
    const pairs = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const [first, second] = await Promise.all([signUp(t.http, t.db), signUp(t.http, t.db)]);
        await addToCart(first, a.id, 1);
        await addToCart(first, b.id, 1);
        await addToCart(second, b.id, 1);
        await addToCart(second, a.id, 1);
        return [first, second];
      }),
    );

    // Act
    const results = await Promise.all(pairs.flat().map((c) => checkout(c)));

    // Assert
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(await stockOf(t.db, a.id)).toEqual({ onHand: 1000, allocated: 30 });
    expect(await stockOf(t.db, b.id)).toEqual({ onHand: 1000, allocated: 30 });
  });

  it('should replay the same order for a repeated Idempotency-Key and refuse it with a different body', async () => {
    // Arrange
    const product = await createProduct(t.db, { stock: 5 });
    const customer = await signUp(t.http, t.db);
    await addToCart(customer, product.id, 2);
    const key = randomUUID();

    // Act
    const [first, concurrentDuplicate] = await Promise.all([
      checkout(customer, key),
      checkout(customer, key),
    ]);
    const replay = await checkout(customer, key);
    const reused = await checkout(customer, key, { ...SHIPPING, paymentMethod: 'card' });

    // Assert
    expect(first.status).toBe(201);
    expect(concurrentDuplicate.status).toBe(201);
    expect(concurrentDuplicate.body.id).toBe(first.body.id);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const orders = await t.http.get('/api/v1/orders').set(customer.auth).expect(200);
    expect(orders.body.total).toBe(1);
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 5, allocated: 2 });
  });

  it('should answer 400 without an Idempotency-Key and 400 CART_EMPTY for an empty cart', async () => {
    const customer = await signUp(t.http, t.db);
    const missing = await t.http.post('/api/v1/orders').set(customer.auth).send(SHIPPING).expect(400);
    expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const tooLong = await checkout(customer, 'k'.repeat(129));
    expect(tooLong.status).toBe(400);
    const empty = await checkout(customer);
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('CART_EMPTY');
  });

  it('should reserve for every line or none when one line is short', async () => {
    const plenty = await createProduct(t.db, { stock: 10 });
    const scarce = await createProduct(t.db, { stock: 2 });
    const customer = await signUp(t.http, t.db);
    await addToCart(customer, plenty.id, 3);
    await addToCart(customer, scarce.id, 2);
    await t.db.query(`UPDATE stock_level SET stock_on_hand = 1 WHERE product_id = $1`, [scarce.id]);

    const result = await checkout(customer);

    expect(result.status).toBe(409);
    expect(result.body.details.products).toEqual([{ productId: scarce.id, name: scarce.name, available: 1 }]);
    expect(await stockOf(t.db, plenty.id)).toEqual({ onHand: 10, allocated: 0 });
    const cart = await t.http.get('/api/v1/cart').set(customer.auth).expect(200);
    expect(cart.body.items).toHaveLength(2);
  });

  it('should take the price from the database, not from the request', async () => {
    const product = await createProduct(t.db, { price: 250_000, stock: 3 });
    const customer = await signUp(t.http, t.db);
    await addToCart(customer, product.id, 1);
    const tampered = await checkout(customer, randomUUID(), { ...SHIPPING, total: 1, price: 1 });
    expect(tampered.status).toBe(400);
    await t.db.query(`UPDATE product SET price_paisa = 260000 WHERE id = $1`, [product.id]);
    const placed = await checkout(customer).expect(201);
    expect(placed.body.items[0].unitPrice).toBe(260_000);
    expect(placed.body.total).toBe(260_000 + 6_000);
  });

  it('should refuse a line above 99 units without changing it', async () => {
    const product = await createProduct(t.db, { stock: 500 });
    const customer = await signUp(t.http, t.db);
    await addToCart(customer, product.id, 60);
    const over = await t.http
      .post('/api/v1/cart/items')
      .set(customer.auth)
      .send({ productId: product.id, quantity: 40 })
      .expect(400);
    expect(over.body.code).toBe('QUANTITY_LIMIT_EXCEEDED');
    await t.http
      .put(`/api/v1/cart/items/${product.id}`)
      .set(customer.auth)
      .send({ quantity: 99 })
      .expect(200);
    const cart = await t.http.get('/api/v1/cart').set(customer.auth).expect(200);
    expect(cart.body.items[0].quantity).toBe(99);
  });

  it('should keep every line when one cart is edited concurrently', async () => {
    const products = await Promise.all(Array.from({ length: 12 }, () => createProduct(t.db, { stock: 50 })));
    const customer = await signUp(t.http, t.db);
    await Promise.all(products.map((p) => addToCart(customer, p.id, 1)));
    await Promise.all(products.map((p) => addToCart(customer, p.id, 2)));
    const cart = await t.http.get('/api/v1/cart').set(customer.auth).expect(200);
    expect(cart.body.items).toHaveLength(12);
    expect(cart.body.items.every((i: { quantity: number }) => i.quantity === 3)).toBe(true);
  });

  it("should hide another customer's order and move orders only along the state machine", async () => {
    const product = await createProduct(t.db, { stock: 10 });
    const owner = await signUp(t.http, t.db);
    const stranger = await signUp(t.http, t.db);
    const support = await signUp(t.http, t.db, { roles: ['support'] });
    await addToCart(owner, product.id, 4);
    const order = (await checkout(owner).expect(201)).body;

    await t.http.get(`/api/v1/orders/${order.id}`).set(stranger.auth).expect(404);
    await t.http.post(`/api/v1/orders/${order.id}/pay`).set(stranger.auth).send({}).expect(404);
    await t.http.post(`/api/v1/orders/${order.id}/cancel`).set(stranger.auth).expect(404);
    await t.http.get(`/api/v1/orders/${randomUUID()}`).set(owner.auth).expect(404);

    const status = (to: string) =>
      t.http.patch(`/api/v1/admin/orders/${order.id}/status`).set(support.auth).send({ status: to });
    expect((await status('shipped')).body.code).toBe('INVALID_STATE_TRANSITION');
    await status('paid').expect(200);
    await status('shipped').expect(200);
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 6, allocated: 0 });
    expect((await status('cancelled')).status).toBe(409);
    const delivered = await status('delivered').expect(200);
    expect(delivered.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'paid'],
      ['paid', 'shipped'],
      ['shipped', 'delivered'],
    ]);
    expect(delivered.body.history[1]).toMatchObject({ actor: 'admin', actorId: support.id });
  });

  it('should release stock when a paid order is cancelled (refund)', async () => {
    const product = await createProduct(t.db, { stock: 3 });
    const owner = await signUp(t.http, t.db);
    const admin = await signUp(t.http, t.db, { roles: ['admin'] });
    await addToCart(owner, product.id, 3);
    const order = (await checkout(owner, randomUUID(), { ...SHIPPING, paymentMethod: 'card' }).expect(201)).body;
    await t.http
      .post(`/api/v1/orders/${order.id}/pay`)
      .set(owner.auth)
      .send({ outcome: 'success' })
      .expect(200);
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 3 });
    await t.http
      .patch(`/api/v1/admin/orders/${order.id}/status`)
      .set(admin.auth)
      .send({ status: 'cancelled' })
      .expect(200);
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 0 });
  });
});
