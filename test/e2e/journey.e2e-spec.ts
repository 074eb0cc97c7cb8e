import { randomUUID } from 'node:crypto';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

describe('Customer journey (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should let a customer register, browse, search, fill a cart, order, pay and cancel another order', async () => {
    // Arrange
    const phone = await createProduct(t.db, { name: 'Walton Primo Zenith Smartphone', price: 1_899_900, stock: 5, categorySlug: 'smartphones' });
    const cable = await createProduct(t.db, { name: 'Anker Braided USB-C Cable', price: 49_900, stock: 50, categorySlug: 'accessories' });
    await createProduct(t.db, { name: 'Hidden Retired Gadget', isActive: false });

    // Act + Assert: register and who am I
    const email = `journey-${randomUUID()}@example.com`;
    const registered = await t.http
      .post('/api/v1/auth/register')
      .send({ email: email.toUpperCase(), password: 'a-good-password', name: 'Karim' })
      .expect(201);
    expect(registered.body.user).toEqual({ id: expect.any(String), email, name: 'Karim', roles: ['customer'], disabled: false });
    const auth = { Authorization: `Bearer ${registered.body.accessToken}` };
    const me = await t.http.get('/api/v1/auth/me').set(auth).expect(200);
    expect(me.body).toMatchObject({ email, roles: ['customer'], permissions: [] });

    // browse: categories, listing without inactive products, detail by slug and by id
    const categories = await t.http.get('/api/v1/categories').expect(200);
    expect(categories.body.map((c: { slug: string }) => c.slug).sort()).toEqual(['accessories', 'gadgets', 'smartphones']);
    const listing = await t.http.get('/api/v1/products?sort=price_desc').expect(200);
    expect(listing.body.total).toBe(2);
    expect(listing.body.items.map((p: { id: string }) => p.id)).toEqual([phone.id, cable.id]);
    expect(listing.body.items[0]).toEqual({
      id: phone.id,
      sku: phone.sku,
      slug: phone.slug,
      name: 'Walton Primo Zenith Smartphone',
      description: expect.any(String),
      price: 1_899_900,
      currency: 'BDT',
      stock: 5,
      category: { id: expect.any(String), slug: 'smartphones', name: 'smartphones' },
      imageUrl: null,
    });
    await t.http.get(`/api/v1/products/${phone.slug}`).expect(200);
    await t.http.get(`/api/v1/products/${cable.id}`).expect(200);

    // search is case-insensitive over name and description
    const search = await t.http.get('/api/v1/products?q=BRAIDED').expect(200);
    expect(search.body.items.map((p: { id: string }) => p.id)).toEqual([cable.id]);
    const byCategory = await t.http.get('/api/v1/products?category=smartphones&maxPrice=2000000').expect(200);
    expect(byCategory.body.items.map((p: { id: string }) => p.id)).toEqual([phone.id]);

    // cart
    await t.http.post('/api/v1/cart/items').set(auth).send({ productId: phone.id, quantity: 1 }).expect(200);
    await t.http.post('/api/v1/cart/items').set(auth).send({ productId: cable.id, quantity: 2 }).expect(200);
    await t.http.post('/api/v1/cart/items').set(auth).send({ productId: phone.id, quantity: 1 }).expect(200);
    const cart = await t.http.get('/api/v1/cart').set(auth).expect(200);
    expect(cart.body.subtotal).toBe(2 * 1_899_900 + 2 * 49_900);
    expect(cart.body.items).toEqual([
      expect.objectContaining({ productId: phone.id, quantity: 2, unitPrice: 1_899_900, lineTotal: 3_799_800 }),
      expect.objectContaining({ productId: cable.id, quantity: 2, unitPrice: 49_900, lineTotal: 99_800 }),
    ]);
    const tooMany = await t.http.post('/api/v1/cart/items').set(auth).send({ productId: phone.id, quantity: 4 }).expect(409);
    expect(tooMany.body.code).toBe('OUT_OF_STOCK');
    await t.http.put(`/api/v1/cart/items/${cable.id}`).set(auth).send({ quantity: 1 }).expect(200);

    // order: prices from the database, stock reserved, cart emptied
    const placed = await t.http.post('/api/v1/orders').set(auth).set('Idempotency-Key', randomUUID()).send({ ...SHIPPING, paymentMethod: 'card' }).expect(201);
    expect(placed.body).toMatchObject({
      status: 'pending_payment',
      subtotal: 3_799_800 + 49_900,
      shippingFee: 0,
      total: 3_799_800 + 49_900,
      currency: 'BDT',
      paymentMethod: 'card',
      number: expect.stringMatching(/^DC-\d{6,}$/),
    });
    expect(await stockOf(t.db, phone.id)).toEqual({ onHand: 5, allocated: 2 });
    expect((await t.http.get('/api/v1/cart').set(auth).expect(200)).body.items).toEqual([]);
    const afterOrder = await t.http.get(`/api/v1/products/${phone.id}`).expect(200);
    expect(afterOrder.body.stock).toBe(3);

    // pay: a failure keeps it pending (402), success moves it to paid
    const declined = await t.http.post(`/api/v1/orders/${placed.body.id}/pay`).set(auth).send({ outcome: 'failure' }).expect(402);
    expect(declined.body.code).toBe('PAYMENT_FAILED');
    const paid = await t.http.post(`/api/v1/orders/${placed.body.id}/pay`).set(auth).send({}).expect(200);
    expect(paid.body.status).toBe('paid');
    const lateCancel = await t.http.post(`/api/v1/orders/${placed.body.id}/cancel`).set(auth).expect(409);
    expect(lateCancel.body.code).toBe('INVALID_STATE_TRANSITION');

    // a second order, cancelled: its stock returns
    await t.http.post('/api/v1/cart/items').set(auth).send({ productId: cable.id, quantity: 3 }).expect(200);
    const second = await t.http
      .post('/api/v1/orders')
      .set(auth)
      .set('Idempotency-Key', randomUUID())
      .send({ ...SHIPPING, shippingAddress: { ...SHIPPING.shippingAddress, city: 'Chattogram' }, paymentMethod: 'bkash' })
      .expect(201);
    expect(second.body.shippingFee).toBe(12_000);
    expect(await stockOf(t.db, cable.id)).toEqual({ onHand: 50, allocated: 4 });
    const cancelled = await t.http.post(`/api/v1/orders/${second.body.id}/cancel`).set(auth).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await stockOf(t.db, cable.id)).toEqual({ onHand: 50, allocated: 1 });

    // history
    const mine = await t.http.get('/api/v1/orders').set(auth).expect(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([second.body.id, placed.body.id]);
    await t.http.get(`/api/v1/orders/${placed.body.id}`).set(auth).expect(200);
  });
});
