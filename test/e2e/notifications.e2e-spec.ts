import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';

import { formatTaka, OrderNotificationsService } from 'src/modules/order/order-notifications.service';
import { ORDER_JOB, ORDER_QUEUE } from 'src/modules/order/order.queue';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { eventually, ReceivedMail, startSmtp, startWebhook } from '../setup/stand-ins';
import { bootApp, TestApp } from '../setup/test-app';

const BACKOFF_MS = 200;

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
      QUEUE_BACKOFF_MS: String(BACKOFF_MS),
    });
    queue = t.app.get<Queue>(getQueueToken(ORDER_QUEUE), { strict: false });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await hook.close();
  });

  // Paid online (bKash) unless told otherwise: only those orders wait for a payment that can time out.
  const placeOrder = async (
    customer: SignedInUser,
    productId: string,
    quantity = 1,
    paymentMethod = 'bkash',
  ) => {
    await t.http.post('/api/v1/cart/items').set(customer.auth).send({ productId, quantity }).expect(200);
    return (
      await t.http
        .post('/api/v1/orders')
        .set(customer.auth)
        .set('Idempotency-Key', randomUUID())
        .send({ ...SHIPPING, paymentMethod })
        .expect(201)
    ).body as { id: string; number: string; total: number };
  };
  // Completed jobs are removed and failed ones kept, so a job that is gone ran to completion.
  const runJobs = async (name: string, payloads: object[]): Promise<void> => {
    const jobs = await Promise.all(payloads.map((data) => queue.add(name, data)));
    for (const job of jobs) {
      const left = await eventually(
        () => queue.getJob(job.id),
        (found) => found === null,
      );
      expect(left).toBeNull();
    }
  };
  const mailsFor = (email: string): ReceivedMail[] => smtp.messages.filter((m) => m.to.includes(email));
  const orderStatus = async (orderId: string): Promise<string> => {
    const [row]: Array<{ status: string }> = await t.db.query(`SELECT status FROM orders WHERE id = $1`, [
      orderId,
    ]);
    return row.status;
  };

  it('should e-mail the order confirmation through the SMTP server when an order is placed', async () => {
    const product = await createProduct(t.db, { name: 'Walton Fridge', price: 4_500_000, stock: 5 });
    const customer = await signUp(t.http, t.db, { name: 'Fatema' });

    const order = await placeOrder(customer, product.id);
    const mails = await eventually(
      () => mailsFor(customer.email),
      (m) => m.length >= 1,
    );

    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([customer.email]);
    expect(mails[0].subject).toBe(`Order ${order.number} placed`);
    expect(mails[0].text).toContain(`Thank you for your order ${order.number}`);
    expect(mails[0].text).toContain('Walton Fridge');
    expect(mails[0].text).toContain('Total: ৳45,000.00');
  });

  it('should send one confirmation when the same job runs twice, even at the same time', async () => {
    const product = await createProduct(t.db, { stock: 5 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);
    await eventually(
      () => mailsFor(customer.email),
      (m) => m.length >= 1,
    );

    // A retry after a crash, twice over and concurrently: each re-reads the order and finds it already sent.
    await runJobs(ORDER_JOB.ConfirmationEmail, [{ orderId: order.id }, { orderId: order.id }]);

    expect(mailsFor(customer.email).filter((m) => m.subject === `Order ${order.number} placed`)).toHaveLength(
      1,
    );
    const [log] = await t.db.query(
      `SELECT count(*)::int AS n FROM notification_log WHERE subject_id = $1 AND kind = 'confirmation'`,
      [order.id],
    );
    expect(log).toEqual({ n: 1 });
  });

  it('should e-mail a status change and alert operators about a big paid order when the webhook fails at first', async () => {
    const product = await createProduct(t.db, { name: 'Sony Bravia 65', price: 2_000_000, stock: 5 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);
    hook.failNext(1);

    await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({}).expect(200);

    const paidMail = await eventually(
      () => mailsFor(customer.email).find((m) => m.subject.includes('has been paid')),
      (m) => m !== undefined,
    );
    expect(paidMail?.to).toEqual([customer.email]);
    expect(paidMail?.subject).toBe(`Order ${order.number} has been paid`);
    const alert = await eventually(
      () => hook.received.find((r) => r.text.includes(order.number)),
      (r) => r !== undefined,
    );
    expect(alert?.text).toContain('৳20,000.00');
    // The first post was answered 500; the retry came after the backoff.
    const hits = hook.hits.filter((h) => h.text.includes(order.number));
    expect(hits.map((h) => h.status)).toEqual([500, 200]);
    expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(BACKOFF_MS * 0.9);
  });

  it('should e-mail the customer once when a payment fails, however often', async () => {
    const product = await createProduct(t.db, { price: 150_000, stock: 5 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);

    for (let i = 0; i < 2; i += 1) {
      await t.http
        .post(`/api/v1/orders/${order.id}/pay`)
        .set(customer.auth)
        .send({ outcome: 'failure' })
        .expect(402);
    }
    const mail = await eventually(
      () => mailsFor(customer.email).find((m) => m.subject.includes('did not go through')),
      (m) => m !== undefined,
    );
    await eventually(
      () => queue.getJobCounts(),
      (c) => c.waiting + c.active === 0,
    );

    expect(mail?.to).toEqual([customer.email]);
    expect(mail?.subject).toBe(`Payment for order ${order.number} did not go through`);
    expect(mail?.text).toContain(`Your payment of ${formatTaka(order.total)} for order ${order.number}`);
    expect(mailsFor(customer.email).filter((m) => m.subject.includes('did not go through'))).toHaveLength(1);
  });

  it('should not alert operators when a paid order is below the threshold', async () => {
    const product = await createProduct(t.db, { price: 999_900, stock: 5 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);

    await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({}).expect(200);
    await eventually(
      () => mailsFor(customer.email).find((m) => m.subject.includes('has been paid')),
      (m) => m !== undefined,
    );
    await eventually(
      () => queue.getJobCounts(),
      (c) => c.waiting + c.active === 0,
    );

    expect(hook.hits.filter((h) => h.text.includes(order.number))).toEqual([]);
  });

  it('should cancel an order left unpaid past the timeout and return its stock', async () => {
    const product = await createProduct(t.db, { stock: 3 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id, 2);
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 2 });

    const stock = await eventually(
      () => stockOf(t.db, product.id),
      (s) => s.allocated === 0,
    );

    expect(stock).toEqual({ onHand: 3, allocated: 0 });
    expect(await orderStatus(order.id)).toBe('cancelled');
    const [history] = await t.db.query(
      `SELECT actor_type, note FROM order_status_history WHERE order_id = $1 AND to_status = 'cancelled'`,
      [order.id],
    );
    expect(history).toEqual({ actor_type: 'system', note: 'payment timeout' });
    const cancelledMail = await eventually(
      () => mailsFor(customer.email).find((m) => m.subject.includes('cancelled')),
      (m) => m !== undefined,
    );
    expect(cancelledMail?.subject).toBe(`Order ${order.number} has been cancelled`);
  });

  it('should cancel an order past its timeout when its timeout job was lost and the sweep runs', async () => {
    const product = await createProduct(t.db, { stock: 2 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);
    await (await queue.getJob(`payment-timeout:${order.id}`))?.remove();
    expect(await queue.getJob(`payment-timeout:${order.id}`)).toBeNull();
    await t.db.query(`UPDATE orders SET created_at = now() - interval '1 hour' WHERE id = $1`, [order.id]);

    await runJobs(ORDER_JOB.UnpaidSweep, [{}]);

    expect(await orderStatus(order.id)).toBe('cancelled');
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 2, allocated: 0 });
  });

  it('should leave a paid order alone when its payment timeout fires', async () => {
    const product = await createProduct(t.db, { stock: 3 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id);
    const timeoutJobId = `payment-timeout:${order.id}`;
    expect(await (await queue.getJob(timeoutJobId))?.getState()).toBe('delayed');

    await t.http.post(`/api/v1/orders/${order.id}/pay`).set(customer.auth).send({}).expect(200);
    // Completed jobs are removed, failed ones kept: gone means the stale job ran to completion.
    const leftover = await eventually(
      () => queue.getJob(timeoutJobId),
      (job) => job === null,
    );

    expect(leftover).toBeNull();
    expect(await orderStatus(order.id)).toBe('paid');
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 1 });
  });

  it('should never cancel a cash-on-delivery order for want of payment', async () => {
    const product = await createProduct(t.db, { stock: 3 });
    const customer = await signUp(t.http, t.db);
    const order = await placeOrder(customer, product.id, 1, 'cod');
    const timeout = await queue.getJob(`payment-timeout:${order.id}`);

    // Let the delayed job run (or find none), then run the sweep as the repeatable job would.
    await eventually(
      async () => (timeout ? await timeout.getState() : 'none'),
      (state) => state !== 'delayed' && state !== 'active',
      10_000,
    );
    await t.app.get(OrderNotificationsService, { strict: false }).expireStaleUnpaid();

    expect((await t.http.get(`/api/v1/orders/${order.id}`).set(customer.auth)).body.status).toBe(
      'pending_payment',
    );
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 1 });
  });

  it('should tell operators when a product sells out', async () => {
    const product = await createProduct(t.db, { name: 'Xiaomi Redmi 13', stock: 1 });
    const customer = await signUp(t.http, t.db);
    await placeOrder(customer, product.id);

    const alert = await eventually(
      () => hook.received.find((r) => r.text.includes(product.id)),
      (r) => r !== undefined,
    );
    expect(alert?.text).toContain(`Xiaomi Redmi 13 (SKU ${product.sku}`);
    expect(alert?.text).toContain('out of stock');
  });

  it('should not tell operators about a sell-out when the product was restocked before the job ran', async () => {
    const product = await createProduct(t.db, { stock: 4 });

    await runJobs(ORDER_JOB.OperatorAlert, [
      { kind: 'stock_depleted', productId: product.id, depletedAt: new Date().toISOString() },
    ]);

    expect(hook.hits.filter((h) => h.text.includes(product.id))).toEqual([]);
  });

  it('should retry with exponential backoff and keep a job that failed every attempt', async () => {
    hook.failNext(100);
    const product = await createProduct(t.db, { stock: 1 });
    const customer = await signUp(t.http, t.db);
    await placeOrder(customer, product.id);

    const failed = await eventually(
      () => queue.getFailed(),
      (jobs) => jobs.some((j) => j.name === ORDER_JOB.OperatorAlert && j.data.productId === product.id),
    );
    hook.failNext(0);

    const job = failed.find((j) => j.name === ORDER_JOB.OperatorAlert && j.data.productId === product.id);
    expect(job?.attemptsMade).toBe(3);
    expect(job?.failedReason).toContain('500');
    const at = hook.hits.filter((h) => h.text.includes(product.id)).map((h) => h.at);
    expect(at).toHaveLength(3);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(BACKOFF_MS * 0.9);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(2 * BACKOFF_MS * 0.9);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/dhakacart_queue_jobs\{queue="orders",state="failed"\} [1-9]/);
  });
});
