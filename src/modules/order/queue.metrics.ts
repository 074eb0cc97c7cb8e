import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Gauge, register } from 'prom-client';

import { ORDER_QUEUE } from './order.queue';

const NAME = 'dhakacart_queue_jobs';

/** Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time, bounded to 500 ms. */
function queueGauge(queue: Queue): Gauge<'queue' | 'state'> {
  const existing = register.getSingleMetric(NAME) as Gauge<'queue' | 'state'> | undefined;
  if (existing) return existing;
  return new Gauge({
    name: NAME,
    help: 'Queue jobs by queue and state',
    labelNames: ['queue', 'state'],
    async collect() {
      const counts = await Promise.race([
        queue.getJobCounts(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 500).unref()),
      ]).catch(() => null);
      if (!counts) return;
      for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
        this.set({ queue: queue.name, state }, counts[state]);
      }
    },
  });
}

export const QUEUE_METRICS = [
  { provide: NAME, inject: [getQueueToken(ORDER_QUEUE)], useFactory: queueGauge },
];
