import { DataSource } from 'typeorm';

import { readEnv } from './platform/config/namespaces';
import { dataSourceOptions } from './platform/database/data-source';
import { createArchivedRestorePoint } from './platform/database/restore-point';

const log = (fields: object): void => {
  process.stdout.write(`${JSON.stringify(fields)}\n`);
};

// The deploy step that runs pending migrations once, before a rolling update (swarm/deploy.sh's migration job).
// When any are pending it first creates a restore point and waits until its WAL is archived, so a migration that
// destroys data can be undone (docs/backups.md, "Back to the moment before a bad migration"). Exits non-zero on failure.
async function migrate(): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(readEnv().DATABASE_URL, 1, 0));
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations()) {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const timeoutMs = Number(process.env.MIGRATION_RESTORE_POINT_TIMEOUT_MS ?? 120_000);
      const point = await createArchivedRestorePoint(dataSource, `before-migration-${stamp}`, { timeoutMs });
      log({ msg: 'restore point before migrating', ...point });
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log({ msg: 'migrations applied', count: applied.length, names: applied.map((m) => m.name) });
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ msg: 'migration failed', error: String(err) })}\n`);
  process.exit(1);
});
