import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { ORDER_QUEUE } from 'src/modules/order/order.queue';

import { createProduct } from '../factories/catalog.factory';
import { SHIPPING, signUp } from '../factories/user.factory';
import { eventually, startSmtp } from '../setup/stand-ins';
import { bootApp, TestApp } from '../setup/test-app';

const SLOW_SMTP_MS = 1500;

describe('The worker process (e2e)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    // A slow SMTP server keeps the worker's job running long enough to send SIGTERM in the middle of it.
    smtp = await startSmtp({ acceptDelayMs: SLOW_SMTP_MS });
    // The API does not run workers here: only the separate worker process can send the e-mail.
    t = await bootApp({ RUN_WORKERS: 'false', SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('should process jobs enqueued by the API and, on SIGTERM, finish its current job and exit 0', async () => {
    const queue = t.app.get<Queue>(getQueueToken(ORDER_QUEUE), { strict: false });
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
    const jobId = `confirmation:${order.body.id as string}`;
    expect(await (await queue.getJob(jobId))?.getState()).toBe('waiting');

    const root = join(__dirname, '..', '..');
    const heartbeat = join(tmpdir(), `worker-heartbeat-${randomUUID()}`);
    const healthcheck = (): number | null =>
      spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'worker-healthcheck.ts')],
        { cwd: root, env: { ...process.env, WORKER_HEARTBEAT_FILE: heartbeat } },
      ).status;
    // No heartbeat yet: the container health check fails.
    expect(healthcheck()).toBe(1);
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
        env: {
          ...process.env,
          RUN_WORKERS: 'false',
          SMTP_URL: smtp.url,
          LOG_LEVEL: 'info',
          WORKER_HEARTBEAT_FILE: heartbeat,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    worker.stdout.on('data', (c: Buffer) => (output += c.toString()));
    worker.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));

    await eventually(
      () => smtp.arriving(),
      (n) => n >= 1,
      30_000,
    );
    // A running worker that reaches PostgreSQL and Redis keeps its heartbeat fresh; a stale one fails the check. Its
    // queue may deliver the job before the first heartbeat is written, which "Worker started" follows.
    await eventually(
      () => output,
      (text) => text.includes('Worker started'),
      10_000,
    );
    expect(healthcheck()).toBe(0);
    worker.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(output).toContain('Worker started');
    const mail = smtp.messages.find((m) => m.to.includes(customer.email));
    expect(mail?.subject).toBe(`Order ${order.body.number} placed`);
    // The job finished before the worker exited: its send is recorded and the job completed (then removed).
    const sent = await t.db.query(
      `SELECT kind FROM notification_log WHERE subject_id = $1 AND kind = 'confirmation'`,
      [order.body.id],
    );
    expect(sent).toHaveLength(1);
    expect(await queue.getJob(jobId)).toBeNull();
    writeFileSync(heartbeat, String(Date.now() - 60_000));
    expect(healthcheck()).toBe(1);
  });
});
