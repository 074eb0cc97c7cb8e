import type { DataSource } from 'typeorm';

export interface RestorePoint {
  /** The name pgBackRest restores to with --type=name (docs/backups.md). */
  name: string;
  /** The restore point's time (UTC), for --type=time, which also picks the right backup by itself. */
  at: string;
  lsn: string;
  /** The WAL segment holding the restore point, once archived; null when the server does not archive. */
  walFile: string | null;
  archiving: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A named restore point before a schema migration, archived before the migration may start: the segment holding it
 * is switched out and waited for in pg_stat_archiver, so the backups can return the database to this moment if the
 * migration destroys data. Throws when archiving does not catch up within timeoutMs (backups are failing: no
 * migration should run then). Where the server does not archive (tests, development), the point is still created
 * and `archiving` is false.
 */
export async function createArchivedRestorePoint(
  dataSource: DataSource,
  name: string,
  { timeoutMs = 120_000, pollMs = 500 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<RestorePoint> {
  const [point] = await dataSource.query<Array<{ lsn: string; at: string; archiving: boolean }>>(
    `SELECT pg_create_restore_point($1)::text AS lsn,
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS at,
            current_setting('archive_mode') <> 'off' AS archiving`,
    [name],
  );
  if (!point.archiving) return { name, at: point.at, lsn: point.lsn, walFile: null, archiving: false };
  const [{ wal }] = await dataSource.query<Array<{ wal: string }>>(
    `SELECT pg_walfile_name(pg_switch_wal()) AS wal`,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [state] = await dataSource.query<
      Array<{ done: boolean; last_failed_wal: string | null; failed_at: string | null }>
    >(
      `SELECT coalesce(last_archived_wal >= $1, false) AS done, last_failed_wal, last_failed_time::text AS failed_at
         FROM pg_stat_archiver`,
      [wal],
    );
    if (state.done) return { name, at: point.at, lsn: point.lsn, walFile: wal, archiving: true };
    if (Date.now() >= deadline) {
      throw new Error(
        `restore point ${name}: WAL segment ${wal} was not archived within ${timeoutMs / 1000} s ` +
          `(last failure: ${state.last_failed_wal ?? 'none'} at ${state.failed_at ?? '-'}); backups are not keeping ` +
          `up, so no migration runs (docs/backups.md, "Backups are stale")`,
      );
    }
    await sleep(pollMs);
  }
}
