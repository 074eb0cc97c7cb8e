import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { eventually, ReceivedMail, startSmtp, startWebhook } from '../setup/stand-ins';
import { bootApp, TestApp } from '../setup/test-app';

describe('Queues and notifications (e2e)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await startSmtp();
    hook = await startWebhook();
    t = await bootApp({
      RUN_WORKERS: 'true',
      SMTP_URL: smtp.url,
      CHAT_WEBHOOK_URL: hook.url,
      ORDER_PAYMENT_TIMEOUT: '1500ms',
      OPERATOR_ALERT_ORDER_PAISA: '1000000',
      QUEUE_ATTEMPTS: '3',
      QUEUE_BACKOFF_MS: '100',
    });
    queue = t.app.get<Queue>(getQueueToken('orders'), { strict: false });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await hook.close();
  });

  const placeOrder = async (customer: SignedInUser, productId: string, quantity = 1) => {
    await t.http.post('/api/v1/cart/items').set(customer.auth).send({ productId, quantity }).expect(200);
    return (
      await t.http
        .post('/api/v1/orders')
        .set(customer.auth)
        .set('Idempotency-Key', randomUUID())
        .send(SHIPPING)
        .expect(201)
    ).body;
  };
  const mailsFor = (email: string): ReceivedMail[] => smtp.messages.filter((m) => m.to.includes(email));

  it('should e-mail an order confirmation through the SMTP server, once even if the job runs twice', async () => {
    const product = await createProduct(t.db, { name: 'Walton Fridge', price: 4_500_000, stock: 5 });
    const customer = await signUp(t.http, t.db, { name: 'Fatema' });

    const order = await placeOrder(customer, product.id);
    const mails = await eventually(
      () => mailsFor(customer.email),
      (m) => m.length >= 1,
    );

    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Order ${order.number} placed`);
    expect(mails[0].raw).toContain('Walton Fridge');
    expect(mails[0].raw).toContain(`Thank you for your order ${order.number}`);
    // Run the same job again, as a retry after a crash would: still one e-mail.
    await queue.add('confirmation-email', { orderId: order.id });
    await eventually(
      async () => (await queue.getJobCounts()).waiting + (await queue.getJobCounts()).active,
      (n) => n === 0,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsFor(customer.email).filter((m) => m.subject.includes('placed'))).toHaveLength(1);
  });

  it('should e-mail status changes and tell operators about a big paid order, retrying a failing webhook', async () => {
    const product = await createProduct(t.db, { name: 'Sony Bravia 65', price: 2_000_000, stock: 5 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);
    hook.failNext(1);

    await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({}).expect(200);

    const paidMail = await eventually(
      () => mailsFor(customer.email).find((m) => m.subject.includes('has been paid')),
      (m) => m !== undefined,
    );
    expect(paidMail?.subject).toBe(`Order ${order.number} has been paid`);
    const alert = await eventually(
      () => hook.received.find((r) => r.text.includes(order.number)),
      (r) => r !== undefined,
    );
    expect(alert?.text).toContain('৳20,000.00');
  });

  it('should cancel an order left unpaid past the timeout and return its stock', async () => {
    const product = await createProduct(t.db, { stock: 3 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id, 2);
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 2 });

    const status = await eventually(
      async () => (await t.http.get(`/api/v1/orders/${order.id}`).set(customer.auth)).body.status as string,
      (s) => s === 'cancelled',
      10_000,
    );

    expect(status).toBe('cancelled');
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 0 });
    const [history] = await t.db.query(
      `SELECT actor_type, note FROM order_status_history WHERE order_id = $1 AND to_status = 'cancelled'`,
      [order.id],
    );
    expect(history).toEqual({ actor_type: 'system', note: 'payment timeout' });
  });

  it('should leave a paid order alone when its payment timeout fires', async () => {
    const product = await createProduct(t.db, { stock: 3 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);
    await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({}).expect(200);

    await new Promise((r) => setTimeout(r, 2500));

    expect((await t.http.get(`/api/v1/orders/${order.id}`).set(customer.auth)).body.status).toBe('paid');
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 1 });
  });

  it('should tell operators when a product sells out', async () => {
    const product = await createProduct(t.db, { stock: 1 });
    const customer = await signUp(t.http, t.db);
    await placeOrder(customer, product.id);

    const alert = await eventually(
      () => hook.received.find((r) => r.text.includes(product.id)),
      (r) => r !== undefined,
    );
    expect(alert?.text).toContain('out of stock');
  });

  it('should keep a job that failed every attempt, for inspection', async () => {
    hook.failNext(100);
    const product = await createProduct(t.db, { stock: 1 });
    const customer = await signUp(t.http, t.db);
    await placeOrder(customer, product.id);

    const failed = await eventually(
      () => queue.getFailed(),
      (jobs) => jobs.some((j) => j.name === 'operator-alert'),
    );
    const job = failed.find((j) => j.name === 'operator-alert');
    expect(job?.attemptsMade).toBe(3);
    expect(job?.failedReason).toContain('500');
    hook.failNext(0);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/dhakacart_queue_jobs\{queue="orders",state="failed"\} [1-9]/);
  });
});
