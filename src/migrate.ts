import { DataSource } from 'typeorm';

import { readEnv } from './platform/config/namespaces';
import { dataSourceOptions } from './platform/database/data-source';

// The deploy step that runs pending migrations once, before a rolling update. Exits non-zero on failure.
async function migrate(): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(readEnv().DATABASE_URL, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      `${JSON.stringify({ msg: 'migrations applied', count: applied.length, names: applied.map((m) => m.name) })}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ msg: 'migration failed', error: String(err) })}\n`);
  process.exit(1);
});
