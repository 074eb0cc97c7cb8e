import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';

import { notificationsConfig, NotificationsConfig } from 'src/platform/config/namespaces';

export const ORDER_QUEUE = 'orders';

export const ORDER_JOB = {
  ConfirmationEmail: 'confirmation-email',
  StatusEmail: 'status-email',
  PaymentFailedEmail: 'payment-failed-email',
  PaymentTimeout: 'payment-timeout',
  OperatorAlert: 'operator-alert',
  UnpaidSweep: 'unpaid-sweep',
} as const;

const UNPAID_SWEEP_EVERY_MS = 60_000;

/**
 * The backstop for a payment-timeout job that was never enqueued (Redis away when the order was placed): every
 * running worker declares the same repeatable job, which bull keeps once per repeat key.
 */
export function scheduleUnpaidSweep(queue: Queue): Promise<unknown> {
  return queue.add(ORDER_JOB.UnpaidSweep, {}, { repeat: { every: UNPAID_SWEEP_EVERY_MS } });
}

// Payloads are ids and primitives only; processors re-read the state they need.
export interface OrderJob {
  orderId: string;
}
export interface StatusEmailJob extends OrderJob {
  status: string;
}
export type OperatorAlertJob =
  { kind: 'big_order'; orderId: string } | { kind: 'stock_depleted'; productId: string; depletedAt: string };

/** The only producer of the orders queue: a move from bull to BullMQ stays inside this class. */
@Injectable()
export class OrderJobsService {
  constructor(
    @InjectQueue(ORDER_QUEUE) private readonly queue: Queue,
    @Inject(notificationsConfig.KEY) private readonly config: NotificationsConfig,
  ) {}

  enqueueConfirmationEmail(job: OrderJob): Promise<unknown> {
    return this.add(ORDER_JOB.ConfirmationEmail, job, { jobId: `confirmation:${job.orderId}` });
  }

  enqueueStatusEmail(job: StatusEmailJob): Promise<unknown> {
    return this.add(ORDER_JOB.StatusEmail, job, { jobId: `status:${job.orderId}:${job.status}` });
  }

  enqueuePaymentFailedEmail(job: OrderJob): Promise<unknown> {
    return this.add(ORDER_JOB.PaymentFailedEmail, job, { jobId: `payment-failed:${job.orderId}` });
  }

  schedulePaymentTimeout(job: OrderJob): Promise<unknown> {
    return this.add(ORDER_JOB.PaymentTimeout, job, {
      jobId: `payment-timeout:${job.orderId}`,
      delay: this.config.paymentTimeoutMs,
    });
  }

  enqueueOperatorAlert(job: OperatorAlertJob): Promise<unknown> {
    const subject = job.kind === 'big_order' ? job.orderId : `${job.productId}:${job.depletedAt}`;
    return this.add(ORDER_JOB.OperatorAlert, job, { jobId: `operator:${job.kind}:${subject}` });
  }

  private add(name: string, data: object, options: JobOptions): Promise<unknown> {
    return this.queue.add(name, data, options);
  }
}
