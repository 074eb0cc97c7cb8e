import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { createProduct } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
import { eventually, startSmtp } from '../setup/stand-ins';
import { bootApp, TestApp } from '../setup/test-app';

describe('The worker process (e2e)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    // The API does not run workers here: only the separate worker process can send the e-mail.
    t = await bootApp({ RUN_WORKERS: 'false', SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('should process jobs enqueued by the API and exit 0 on SIGTERM', async () => {
    const root = join(__dirname, '..', '..');
    const worker = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(root, 'src', 'worker.ts'),
      ],
      {
        cwd: root,
        env: { ...process.env, RUN_WORKERS: 'false', SMTP_URL: smtp.url, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    worker.stdout.on('data', (c: Buffer) => (output += c.toString()));
    worker.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));

    const product = await createProduct(t.db, { stock: 2 });
    const customer = await signUp(t.http, t.db);
    await t.http
      .post('/api/v1/cart/items')
      .set(customer.auth)
      .send({ productId: product.id, quantity: 1 })
      .expect(200);
    const order = await t.http
      .post('/api/v1/orders')
      .set(customer.auth)
      .set('Idempotency-Key', randomUUID())
      .send(SHIPPING)
      .expect(201);

    const mail = await eventually(
      () => smtp.messages.find((m) => m.to.includes(customer.email)),
      (m) => m !== undefined,
      30_000,
    );
    expect(mail?.subject).toBe(`Order ${order.body.number} placed`);

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Worker started');
  });
});
