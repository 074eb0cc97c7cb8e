import 'reflect-metadata';
import { types } from 'pg';
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

/** Options shared by the app, the migration job and the TypeORM CLI. Schema changes only through migrations. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
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
    // within 15 s on the server, and a reply within 20 s on the client, which is what still holds when the server's
    // node is gone (HAProxy closes its sessions to a member marked down sooner: docs/database-ha.md). Keep-alive
    // finds a dead peer under an idle pooled connection.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      statement_timeout: 15000,
      query_timeout: 20000,
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
