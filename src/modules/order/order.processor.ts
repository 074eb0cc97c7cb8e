import { getQueueToken, Process, Processor } from '@nestjs/bull';
import { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Job, Queue } from 'bull';

import { appConfig, AppConfig } from 'src/platform/config/namespaces';

import {
  OperatorAlertJob,
  ORDER_JOB,
  ORDER_QUEUE,
  OrderJob,
  scheduleUnpaidSweep,
  StatusEmailJob,
} from './order.queue';
import { OrderNotificationsService } from './order-notifications.service';

// bull adds the concurrency of named handlers up (here 2 + 1 + 1 + 1 + 1 + 1 = 7 jobs at once per process), and a
// send holds a database connection until the server answers: keep well under DATABASE_POOL_SIZE, since with
// RUN_WORKERS=true the API's requests share the pool. More throughput comes from more worker replicas.
const CONFIRMATION_CONCURRENCY = 2;

/** Consumes the orders queue. Handlers are idempotent: every job may run more than once. */
@Processor(ORDER_QUEUE)
export class OrderProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly notifications: OrderNotificationsService,
    private readonly queue: Queue,
  ) {}

  @Process({ name: ORDER_JOB.ConfirmationEmail, concurrency: CONFIRMATION_CONCURRENCY })
  confirmationEmail(job: Job<OrderJob>): Promise<void> {
    return this.notifications.sendConfirmation(job.data.orderId);
  }

  @Process({ name: ORDER_JOB.StatusEmail })
  statusEmail(job: Job<StatusEmailJob>): Promise<void> {
    return this.notifications.sendStatusChange(job.data.orderId, job.data.status);
  }

  @Process({ name: ORDER_JOB.PaymentFailedEmail })
  paymentFailedEmail(job: Job<OrderJob>): Promise<void> {
    return this.notifications.sendPaymentFailed(job.data.orderId);
  }

  @Process({ name: ORDER_JOB.PaymentTimeout })
  paymentTimeout(job: Job<OrderJob>): Promise<void> {
    return this.notifications.expireUnpaid(job.data.orderId);
  }

  @Process({ name: ORDER_JOB.UnpaidSweep })
  unpaidSweep(): Promise<number> {
    return this.notifications.expireStaleUnpaid();
  }

  async onApplicationBootstrap(): Promise<void> {
    await scheduleUnpaidSweep(this.queue);
  }

  @Process({ name: ORDER_JOB.OperatorAlert })
  operatorAlert(job: Job<OperatorAlertJob>): Promise<void> {
    return this.notifications.alertOperators(job.data);
  }

  // Stop taking jobs and wait for the running ones while the database is still open; bull closes the queue
  // (and producers stop) later, in onApplicationShutdown.
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.pause(true);
  }
}

/**
 * @nestjs/bull registers the consumers of every provider instance marked @Processor. dist/worker.js always runs
 * them; the API process only with RUN_WORKERS=true, otherwise the provider is null and nothing consumes.
 */
export const ORDER_PROCESSOR_PROVIDER: Provider = {
  provide: OrderProcessor,
  inject: [appConfig.KEY, OrderNotificationsService, getQueueToken(ORDER_QUEUE)],
  useFactory: (app: AppConfig, notifications: OrderNotificationsService, queue: Queue) =>
    app.runWorkers ? new OrderProcessor(notifications, queue) : null,
};
