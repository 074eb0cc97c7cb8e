import { randomUUID } from 'node:crypto';

import { OrderNotificationsService } from 'src/modules/order/order-notifications.service';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

// One account tried to reserve a hot product's whole stock with unpaid cash-on-delivery orders that never expired.
// The shop's defence: a few open orders per customer, a per-customer cap on a product's units in orders not yet
// shipped, and unconfirmed cash-on-delivery orders released after COD_CONFIRMATION_TIMEOUT.
describe('Stock hoarding (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp({ ORDER_MAX_OPEN_PER_CUSTOMER: '3', ORDER_MAX_UNITS_PER_PRODUCT: '5', COD_CONFIRMATION_TIMEOUT: '24h' });
  });
  afterAll(async () => {
    await t.close();
  });

  const order = async (customer: SignedInUser, productId: string, quantity: number) => {
    await t.http.put(`/api/v1/cart/items/${productId}`).set(customer.auth).send({ quantity }).expect(200);
    return t.http.post('/api/v1/orders').set(customer.auth).set('Idempotency-Key', randomUUID()).send(SHIPPING);
  };

  it('should keep a hoarder from emptying a hot product while honest customers still buy it', async () => {
    // Arrange
    const hot = await createProduct(t.db, { name: 'Eid Deal Phone', stock: 20 });
    const hoarder = await signUp(t.http, t.db);

    // Act: the hoarder tries again and again, in big and small orders.
    const big = await order(hoarder, hot.id, 20);
    const statuses: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await order(hoarder, hot.id, 2);
      statuses.push(res.status);
      if (res.status !== 201) codes.push(res.body.code);
    }

    // Assert
    expect(big.status).toBe(409);
    expect(big.body).toMatchObject({ code: 'PER_CUSTOMER_LIMIT', details: { max: 5, products: [{ productId: hot.id, allowed: 5 }] } });
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(new Set(codes)).toEqual(new Set(['PER_CUSTOMER_LIMIT']));
    expect((await stockOf(t.db, hot.id)).allocated).toBe(4);
    const honest = await Promise.all(Array.from({ length: 3 }, () => signUp(t.http, t.db)));
    for (const customer of honest) expect((await order(customer, hot.id, 5)).status).toBe(201);
    expect((await stockOf(t.db, hot.id)).allocated).toBe(19);
  });

  it('should allow only a few open orders per customer', async () => {
    const products = await Promise.all(Array.from({ length: 4 }, () => createProduct(t.db, { stock: 50 })));
    const customer = await signUp(t.http, t.db);

    const results = [];
    for (const product of products) results.push(await order(customer, product.id, 1));

    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 409]);
    expect(results[3].body).toMatchObject({ statusCode: 409, code: 'TOO_MANY_OPEN_ORDERS', requestId: expect.any(String) });
    await t.http.post(`/api/v1/orders/${results[0].body.id}/cancel`).set(customer.auth).expect(200);
    expect((await order(customer, products[3].id, 1)).status).toBe(201);
  });

  it('should release cash-on-delivery orders staff have not confirmed in time, and keep confirmed ones', async () => {
    const hot = await createProduct(t.db, { stock: 10 });
    const [hoarder, genuine] = await Promise.all([signUp(t.http, t.db), signUp(t.http, t.db)]);
    const support = await signUp(t.http, t.db, { roles: ['support'] });
    const unconfirmed = (await order(hoarder, hot.id, 5)).body as { id: string };
    const confirmed = (await order(genuine, hot.id, 5)).body as { id: string };
    await t.http.patch(`/api/v1/admin/orders/${confirmed.id}/status`).set(support.auth).send({ status: 'paid' }).expect(200);
    const fresh = (await order(genuine, (await createProduct(t.db, { stock: 5 })).id, 1)).body as { id: string };
    await t.db.query(`UPDATE orders SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [[unconfirmed.id, confirmed.id]]);

    const cancelled = await t.app.get(OrderNotificationsService, { strict: false }).expireStaleUnpaid();

    expect(cancelled).toBe(1);
    const statuses: Array<{ id: string; status: string }> = await t.db.query(
      `SELECT id, status FROM orders WHERE id = ANY($1::uuid[])`,
      [[unconfirmed.id, confirmed.id, fresh.id]],
    );
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [unconfirmed.id]: 'cancelled',
      [confirmed.id]: 'paid',
      [fresh.id]: 'pending_payment',
    });
    expect(await stockOf(t.db, hot.id)).toEqual({ onHand: 10, allocated: 5 });
  });
});
