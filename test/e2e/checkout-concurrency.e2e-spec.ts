import { randomUUID } from 'node:crypto';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
import { bootReplicas, TestApp } from '../setup/test-app';

// Two tabs, a reload mid-checkout, a phone and a laptop: one cart, several checkouts at once, each with its own
// Idempotency-Key. Exactly one of them may become an order.
describe('Concurrent checkouts of one cart (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  let replicas: Awaited<ReturnType<typeof bootReplicas>>;
  beforeAll(async () => {
    replicas = await bootReplicas();
    ({ a, b } = replicas);
  });
  afterAll(async () => {
    await replicas.close();
  });

  it.each([
    ['one instance', 6, () => [a]],
    ['two instances', 8, () => [a, b]],
  ])(
    'should create exactly one order when %s receive(s) %i checkouts of a one-unit cart with distinct keys',
    async (_label, concurrency, apps) => {
      // Arrange: plenty of stock, so only the cart can stop the duplicates.
      const product = await createProduct(a.db, { stock: 100 });
      const customer = await signUp(a.http, a.db);
      await a.http.post('/api/v1/cart/items').set(customer.auth).send({ productId: product.id, quantity: 1 }).expect(200);
      const instances = apps();

      // Act
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, i) =>
          instances[i % instances.length].http
            .post('/api/v1/orders')
            .set(customer.auth)
            .set('Idempotency-Key', randomUUID())
            .send(SHIPPING),
        ),
      );

      // Assert
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(concurrency - 1).fill(400)]);
      for (const rejected of results.filter((r) => r.status === 400)) {
        expect(rejected.body).toMatchObject({ statusCode: 400, code: 'CART_EMPTY', requestId: expect.any(String) });
      }
      const [{ orders }] = await a.db.query(`SELECT count(*)::int AS orders FROM orders WHERE user_id = $1`, [customer.id]);
      expect(orders).toBe(1);
      expect(await stockOf(a.db, product.id)).toEqual({ onHand: 100, allocated: 1 });
    },
  );
});
