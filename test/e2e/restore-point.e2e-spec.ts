import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/platform/database/data-source';
import { createArchivedRestorePoint } from '../../src/platform/database/restore-point';
import { freshDatabase } from '../setup/database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../scripts/local-services.js') as {
  startPostgres(dir: string, port: number, options?: { archiveCommand?: string }): string;
  stopPostgres(dir: string): void;
  freePorts(count: number): Promise<number[]>;
};

// What the migration job does before migrating (src/migrate.ts), against real PostgreSQL servers: one that archives
// into a directory, one whose archive_command always fails, and the tests' own server, which does not archive.
describe('the restore point before a migration', () => {
  const dirs: string[] = [];
  const sources: DataSource[] = [];

  async function archivingServer(archiveCommand: (archiveDir: string) => string): Promise<{
    dataSource: DataSource;
    archiveDir: string;
  }> {
    const dir = mkdtempSync(join(tmpdir(), 'dhakacart-archive-'));
    dirs.push(dir);
    const archiveDir = join(dir, 'archive');
    mkdirSync(archiveDir);
    chmodSync(archiveDir, 0o777); // the server may run as the postgres user (scripts/local-services.js)
    const [port] = await services.freePorts(1);
    const url = services.startPostgres(dir, port, { archiveCommand: archiveCommand(archiveDir) });
    const dataSource = new DataSource(dataSourceOptions(url, 1));
    await dataSource.initialize();
    sources.push(dataSource);
    return { dataSource, archiveDir };
  }

  afterAll(async () => {
    for (const s of sources) await s.destroy();
    for (const dir of dirs) {
      services.stopPostgres(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should create the point and return only once its WAL segment is in the archive', async () => {
    const { dataSource, archiveDir } = await archivingServer((d) => `test ! -f ${d}/%f && cp %p ${d}/%f`);
    const point = await createArchivedRestorePoint(dataSource, 'before-migration-test', {
      timeoutMs: 30_000,
    });
    expect(point.archiving).toBe(true);
    expect(point.walFile).toMatch(/^[0-9A-F]{24}$/);
    expect(existsSync(join(archiveDir, point.walFile!))).toBe(true);
    expect(point.name).toBe('before-migration-test');
    expect(point.at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00$/);
  });

  it('should refuse (and so stop the migration) when archiving does not catch up', async () => {
    const { dataSource } = await archivingServer(() => 'false');
    await expect(
      createArchivedRestorePoint(dataSource, 'before-migration-stuck', { timeoutMs: 3000, pollMs: 200 }),
    ).rejects.toThrow(/was not archived within 3 s .*no migration runs/);
  });

  it('should still create the point where the server does not archive', async () => {
    const dataSource = new DataSource(dataSourceOptions(await freshDatabase(), 1));
    await dataSource.initialize();
    sources.push(dataSource);
    const point = await createArchivedRestorePoint(dataSource, 'before-migration-dev');
    expect(point).toEqual(expect.objectContaining({ archiving: false, walFile: null }));
    expect(point.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });
});
