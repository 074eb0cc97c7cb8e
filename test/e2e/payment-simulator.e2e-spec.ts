import { randomUUID } from 'node:crypto';

import { createProduct } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

// Only the payment provider's verified confirmation or a staff action may mark an order paid in production; the
// simulator exists where a setting turns it on, and never pays a cash-on-delivery order.
describe('Payment simulator (e2e)', () => {
  async function placeOrder(t: TestApp, customer: SignedInUser, paymentMethod: string): Promise<{ id: string }> {
    const product = await createProduct(t.db, { stock: 5 });
    await t.http.post('/api/v1/cart/items').set(customer.auth).send({ productId: product.id, quantity: 1 }).expect(200);
    const placed = await t.http
      .post('/api/v1/orders')
      .set(customer.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ ...SHIPPING, paymentMethod })
      .expect(201);
    return placed.body as { id: string };
  }
  const statusOf = async (t: TestApp, orderId: string): Promise<string> => {
    const rows: Array<{ status: string }> = await t.db.query(`SELECT status FROM orders WHERE id = $1`, [orderId]);
    return rows[0].status;
  };

  describe('in a production build with no setting', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp({ NODE_ENV: 'production', METRICS_TOKEN: 'test-only-metrics-token-0123456789abcdef' });
    });
    afterAll(async () => {
      await t.close();
    });

    it.each(['card', 'bkash', 'cod'])('should refuse a customer paying their own %s order', async (method) => {
      const customer = await signUp(t.http, t.db);
      const order = await placeOrder(t, customer, method);

      const res = await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({ outcome: 'success' });

      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        code: 'PAYMENT_SIMULATOR_DISABLED',
        message: expect.any(String),
        requestId: expect.any(String),
      });
      expect(await statusOf(t, order.id)).toBe('pending_payment');
    });

    it('should let staff with orders:manage record the payment', async () => {
      const customer = await signUp(t.http, t.db);
      const support = await signUp(t.http, t.db, { roles: ['support'] });
      const order = await placeOrder(t, customer, 'cod');

      await t.http.patch(`/api/v1/admin/orders/${order.id}/status`).set(support.auth).send({ status: 'paid' }).expect(200);

      expect(await statusOf(t, order.id)).toBe('paid');
    });
  });

  describe('where PAYMENT_SIMULATOR_ENABLED=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp({ NODE_ENV: 'production', METRICS_TOKEN: 'test-only-metrics-token-0123456789abcdef', PAYMENT_SIMULATOR_ENABLED: 'true' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('should pay a card order', async () => {
      const customer = await signUp(t.http, t.db);
      const order = await placeOrder(t, customer, 'card');

      await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({ outcome: 'success' }).expect(200);

      expect(await statusOf(t, order.id)).toBe('paid');
    });

    it.each(['success', 'failure'])('should never let a customer %s-pay a cash-on-delivery order', async (outcome) => {
      const customer = await signUp(t.http, t.db);
      const order = await placeOrder(t, customer, 'cod');

      const res = await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({ outcome });

      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'NOT_PAYABLE_ONLINE', requestId: expect.any(String) });
      expect(await statusOf(t, order.id)).toBe('pending_payment');
      const [{ entries }] = await t.db.query(`SELECT count(*)::int AS entries FROM order_status_history WHERE order_id = $1`, [order.id]);
      expect(entries).toBe(1);
    });
  });
});
