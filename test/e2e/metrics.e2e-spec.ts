import { randomUUID } from 'node:crypto';

import { createProduct } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

function sample(metrics: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = metrics
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Metrics (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should expose process metrics and request durations labelled by route template and status', async () => {
    const product = await createProduct(t.db);
    await t.http.get(`/api/v1/products/${product.slug}`).expect(200);
    await t.http.get(`/api/v1/products/${product.id}`).expect(200);
    await t.http.get('/api/v1/products/unknown-slug').expect(404);
    await t.http.get('/api/v1/products?page=2&limit=5').expect(200);

    const metrics = (await t.http.get('/metrics').expect(200)).text;

    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(metrics, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/products/:idOrSlug', status: '200' })).toBe(2);
    expect(sample(metrics, 'http_request_duration_seconds_count', { route: '/api/v1/products/:idOrSlug', status: '404' })).toBe(1);
    expect(sample(metrics, 'http_request_duration_seconds_count', { route: '/api/v1/products', status: '200' })).toBe(1);
    expect(metrics).not.toContain(product.slug);
    expect(metrics).not.toContain('page=2');
    expect(sample(metrics, 'http_requests_in_flight')).toBe(0);
    expect(sample(metrics, 'dhakacart_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(metrics).not.toMatch(/route="\/metrics"|route="\/health/);
  });

  it('should count logins, carts, orders, order value and checkout failures', async () => {
    const product = await createProduct(t.db, { stock: 1, price: 250_000 });
    const [buyer, loser] = await Promise.all([signUp(t.http, t.db), signUp(t.http, t.db)]);
    await t.http.post('/api/v1/auth/login').send({ email: buyer.email, password: 'wrong-password' }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: buyer.email, password: buyer.password }).expect(200);
    for (const user of [buyer, loser]) {
      await t.http.post('/api/v1/cart/items').set(user.auth).send({ productId: product.id, quantity: 1 }).expect(200);
    }
    const order = await t.http.post('/api/v1/orders').set(buyer.auth).set('Idempotency-Key', randomUUID()).send({ ...SHIPPING, paymentMethod: 'card' }).expect(201);
    await t.http.post('/api/v1/orders').set(loser.auth).set('Idempotency-Key', randomUUID()).send(SHIPPING).expect(409);
    await t.http.post('/api/v1/orders').set(loser.auth).set('Idempotency-Key', randomUUID()).send({ ...SHIPPING }).expect(409);
    await t.http.post(`/api/v1/orders/${order.body.id}/pay`).set(buyer.auth).send({ outcome: 'failure' }).expect(402);

    const metrics = (await t.http.get('/metrics').expect(200)).text;

    expect(sample(metrics, 'dhakacart_logins_total', { result: 'success' })).toBe(1);
    expect(sample(metrics, 'dhakacart_logins_total', { result: 'failure' })).toBe(1);
    expect(sample(metrics, 'dhakacart_carts_created_total')).toBe(2);
    expect(sample(metrics, 'dhakacart_orders_placed_total', { payment_method: 'card' })).toBe(1);
    expect(sample(metrics, 'dhakacart_order_value_bdt_sum')).toBe(2_500 + 60);
    expect(sample(metrics, 'dhakacart_checkout_failures_total', { reason: 'out_of_stock' })).toBe(2);
    expect(sample(metrics, 'dhakacart_checkout_failures_total', { reason: 'payment_failed' })).toBe(1);
    expect(sample(metrics, 'dhakacart_stock_reservation_conflicts_total')).toBe(2);
  });
});
