import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';

import { appConfig, AppConfig } from 'src/platform/config/namespaces';

import { OperatorAlertJob, ORDER_JOB, ORDER_QUEUE, OrderJob, StatusEmailJob } from './order.queue';
import { OrderNotificationsService } from './order-notifications.service';

const CONCURRENCY = 4;

/**
 * Consumes the orders queue when this process runs workers (dist/worker.js always does; the API only with
 * RUN_WORKERS=true). Handlers are idempotent: every job may run more than once.
 */
@Injectable()
export class OrderProcessor implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly notifications: OrderNotificationsService,
    @InjectQueue(ORDER_QUEUE) private readonly queue: Queue,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.app.runWorkers) return;
    void this.queue.process(ORDER_JOB.ConfirmationEmail, CONCURRENCY, (job: Job<OrderJob>) =>
      this.notifications.sendConfirmation(job.data.orderId),
    );
    void this.queue.process(ORDER_JOB.StatusEmail, CONCURRENCY, (job: Job<StatusEmailJob>) =>
      this.notifications.sendStatusChange(job.data.orderId, job.data.status),
    );
    void this.queue.process(ORDER_JOB.PaymentTimeout, CONCURRENCY, (job: Job<OrderJob>) =>
      this.notifications.expireUnpaid(job.data.orderId),
    );
    void this.queue.process(ORDER_JOB.OperatorAlert, CONCURRENCY, (job: Job<OperatorAlertJob>) =>
      this.notifications.alertOperators(job.data),
    );
  }

  // At shutdown stop taking jobs and wait for the ones running; producers can still enqueue until bull closes
  // the queue after the HTTP server and the drain.
  async beforeApplicationShutdown(): Promise<void> {
    if (this.app.runWorkers) await this.queue.pause(true);
  }
}
