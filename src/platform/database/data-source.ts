import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';

import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

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
    extra: { max: poolSize, connectionTimeoutMillis: 5000, statement_timeout: 15000 },
  };
}

// The TypeORM CLI (`npm run migration:*`) loads this default export; it needs the entities to diff the schema.
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/dhakacart'),
  entities: [`${__dirname}/../../modules/**/entities/*.entity.{ts,js}`],
});
