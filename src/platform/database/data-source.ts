import 'reflect-metadata';
import { Client, types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * PostgreSQL's bigint (order amounts, count(*)) as a JavaScript number rather than pg's default string. Every
 * amount stays far below 2^53: a price is at most ৳10 million, a cart line at most 99 units and a cart at most
 * 100 lines. A value beyond the safe range fails loudly instead of being rounded.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is beyond JavaScript's safe integers`);
  return value;
}
types.setTypeParser(types.builtins.INT8, parseInt8);

/**
 * A pooled connection whose reply did not come within the query timeout is dropped, not handed back to the pool.
 * When the database's node dies its connections go silent rather than closed (no RST from a vanished address), and
 * node-postgres keeps such a client "connected" with the timed-out query still at the head of its queue: back in
 * the pool, every later request given it would hang for the timeout again, for the many minutes until the kernel
 * gives up on the socket. Destroying the socket makes the client end with an error, so TypeORM releases it with that
 * error and the pool replaces it (`test/e2e/dead-connections.e2e-spec.ts`).
 */
export class DeadPeerDroppingClient extends Client {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      result.catch((err: unknown) => {
        if ((err as Error | undefined)?.message === 'Query read timeout') {
          (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        }
      });
    }
    return result as never;
  }
}

/**
 * Options shared by the app, the migration job and the TypeORM CLI. Schema changes only through migrations.
 * `queryTimeoutMs` bounds a reply on the client (0: none, for migrations that may run long).
 */
export function dataSourceOptions(url: string, poolSize = 10, queryTimeoutMs = 20_000): DataSourceOptions {
  const timeouts =
    queryTimeoutMs > 0
      ? { statement_timeout: Math.min(15_000, queryTimeoutMs), query_timeout: queryTimeoutMs }
      : {};
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    // No request waits on the database unboundedly: a connection (or a free one from the pool) within 5 s, a statement
    // within 15 s on the server, and a reply within DATABASE_QUERY_TIMEOUT_MS (20 s) on the client, which is what
    // still holds when the server's node is gone; the connection that timed out is then dropped
    // (DeadPeerDroppingClient). Keep-alive finds a dead peer under an idle pooled connection.
    extra: {
      Client: DeadPeerDroppingClient,
      max: poolSize,
      connectionTimeoutMillis: 5000,
      ...timeouts,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10000,
    },
  };
}

// The TypeORM CLI (`npm run migration:*`) loads this default export; it needs the entities to diff the schema.
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/dhakacart'),
  entities: [`${__dirname}/../../modules/**/entities/*.entity.{ts,js}`],
});
