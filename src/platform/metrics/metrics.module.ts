import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';

import { MetricsController } from './metrics.controller';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export const DB_POOL_GAUGE = 'dhakacart_db_pool_connections';

/** Connection pool figures, read from node-postgres at every scrape. */
function databasePoolGauge(dataSource: DataSource): Gauge<'state'> {
  const existing = register.getSingleMetric(DB_POOL_GAUGE) as Gauge<'state'> | undefined;
  if (existing) return existing;
  return new Gauge({
    name: DB_POOL_GAUGE,
    help: 'Database pool connections by state (in_use, idle, waiting)',
    labelNames: ['state'],
    collect() {
      const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
      if (!pool) return;
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}

@Global()
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } })],
  providers: [{ provide: DB_POOL_GAUGE, inject: [getDataSourceToken()], useFactory: databasePoolGauge }],
  exports: [PrometheusModule, DB_POOL_GAUGE],
})
export class MetricsModule {}
