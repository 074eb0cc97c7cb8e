// The backup checks (issue 15) on the lab cluster: production's data stack (swarm/data.yml, backup/) with two S3
// regions on this machine (test/lab/s3.sh). Orders are placed through the API (test/lab/orders.js); restores go
// into the drill's scratch instance on another node (backup/bin/dhakacart-drill), as the monthly drill does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DATA, MEMBERS, PSQL, cluster, execIn, liveSql, primary, sidecarOf, task } from './database';
import {
  Check,
  EDGE,
  HOSTS,
  HostName,
  LOADGEN,
  docker,
  env,
  expect,
  image,
  load,
  onHost,
  outer,
  root,
  scriptContainer,
  seconds,
  sh,
  sleep,
  tail,
  until,
} from './kit';

const API_DNS = 'tasks.dhakacart_api-blue';
const API_SERVICE = 'dhakacart_api-blue';

export interface Ack {
  order: string;
  at: number;
  /** With RETRY_MS (test/lab/orders.js): the idempotency key, the attempts it took, whether the shop replayed it. */
  key?: string;
  attempts?: number;
  replayed?: boolean;
}
export interface Placed {
  acks: Ack[];
  errors: string[];
  /** Failed checkout attempts that were retried with the same idempotency key. */
  retries: number;
}
interface DrillReport {
  ok: boolean;
  repo: string;
  target: string;
  promoted: boolean;
  markers: { before: string; after: string } | null;
  amcheckExit: number;
  expected: Record<string, unknown> | null;
  restored: Record<string, unknown>;
  probe: string;
  restoreSeconds: number;
  recoverySeconds: number;
  totalSeconds: number;
}

/** The primary's backup sidecar (only it backs up; the replica's waits). */
const sidecar = (): string => sidecarOf(primary());

const dbNow = (): string =>
  liveSql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'`);

/** Finishes the current WAL segment and waits until PostgreSQL reports it archived (to every repository). */
async function archiveNow(timeoutMs = 180_000): Promise<string> {
  const wal = liveSql('SELECT pg_walfile_name(pg_switch_wal())');
  await until(
    `WAL ${wal} archived`,
    timeoutMs,
    () => liveSql(`SELECT coalesce(last_archived_wal >= '${wal}', false) FROM pg_stat_archiver`) === 't',
    1000,
  );
  return wal;
}

/** The restore drill, by hand (dhakacart-drill now ...): its JSON report. */
function drill(...args: string[]): DrillReport & { exit: number; seconds: number } {
  const started = Date.now();
  const r = execIn('backup-drill', ['dhakacart-drill', 'now', ...args]);
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{') && l.includes('"restore drill"'));
  if (!line) {
    throw new Error(
      `the drill printed no report (exit ${r.code}): ${r.out.trim().split('\n').slice(-15).join(' | ')}`,
    );
  }
  const report = JSON.parse(line) as DrillReport;
  console.log(
    `  drill ${args.join(' ').slice(0, 120)} -> ok ${report.ok}, restore ${report.restoreSeconds} s, recovery ${report.recoverySeconds} s`,
  );
  return { ...report, exit: r.code, seconds: seconds(started) };
}

/** Which of these order numbers the restored instance holds (a --probe query). */
const presentProbe = (orders: string[]): string =>
  `SELECT coalesce(string_agg(number, ',' ORDER BY number), '') FROM orders WHERE number IN (${orders.map((o) => `'${o}'`).join(',') || "''"})`;
const probed = (report: DrillReport): Set<string> => new Set(report.probe.split(',').filter(Boolean));

/** Waits until the primary's sidecar has a backup in repository 1 that finished after `at` (ms epoch). */
export async function backupAfter(at: number, timeoutMs = 300_000): Promise<number> {
  const started = Date.now();
  await until(
    'a backup taken after the failover',
    timeoutMs,
    () => metrics()['dhakacart_backup_last_timestamp_seconds{repo="1",type="any"}'] * 1000 >= at,
    3000,
  );
  return seconds(started);
}

/** A restore of repository 1 to the end of its archive (the drill): how many of these orders it holds. */
export function drillLatest(orders: string[]): { ok: boolean; present: number; seconds: number } {
  const report = drill('--repo', '1', '--latest', '--probe', presentProbe(orders));
  return { ok: report.ok, present: probed(report).size, seconds: report.seconds };
}

/** The backup metrics the sidecar publishes on the db node (node exporter's textfile directory). */
function metrics(): Record<string, number> {
  const t = task(sidecar());
  const r = sh(
    'ssh',
    [
      `root@${HOSTS[t.node]}`,
      'cat /var/lib/dhakacart/textfile/pgbackrest-wal.prom /var/lib/dhakacart/textfile/pgbackrest.prom',
    ],
    { timeoutMs: 20_000 },
  );
  const out: Record<string, number> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

// Customers placing orders through the API, from a container on the edge network (test/lab/orders.js).
const ordersContainer = (name: string, host: HostName, environment: Record<string, string>): void =>
  scriptContainer(host, name, 'orders.js', [API_DNS], environment);
function parseOrders(out: string): Placed {
  const acks: Ack[] = [];
  const errors: string[] = [];
  let retries = 0;
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const j = JSON.parse(line) as Ack & { error?: string; retry?: string };
    if (j.order && j.at !== undefined) acks.push(j);
    else if (j.retry) retries += 1;
    else if (j.error) {
      // A fatal error (the load could not start) has no time.
      errors.push(`${j.at === undefined ? 'fatal' : new Date(j.at).toISOString().slice(11, 23)} ${j.error}`);
    }
  }
  return { acks, errors, retries };
}
/** The api's log lines of level warn and above since `since` (ms), at most 40, for a failed check's report. */
function apiProblemsSince(since: number): string {
  const r = sh('docker', ['service', 'logs', '--raw', '--since', new Date(since).toISOString(), API_SERVICE]);
  const lines = r.out.split('\n').filter((l) => /"level":(4|5|6)0/.test(l));
  return tail(lines.map((l) => `    ${l.slice(0, 400)}`).join('\n'), 40);
}
/** Places `count` orders and waits for them. */
function placeOrders(count: number, label: string): Placed {
  const name = `lab-orders-${label}`;
  ordersContainer(name, EDGE, { COUNT: String(count), RUN: label, CONCURRENCY: '1' });
  const r = onHost(EDGE, 'start', '-a', name);
  onHost(EDGE, 'rm', '-f', name);
  return parseOrders(r.out);
}
/** Customers ordering in the background until stopped. */
export function startOrders(
  label: string,
  host: HostName = EDGE,
  environment: Record<string, string> = {},
): { stop: () => Placed } {
  const name = `lab-orders-${label}`;
  ordersContainer(name, host, { RUN: label, CONCURRENCY: '2', ...environment });
  onHost(host, 'start', name);
  return {
    stop: () => {
      onHost(host, 'stop', '-t', '20', name);
      const logs = onHost(host, 'logs', name);
      onHost(host, 'rm', '-f', name);
      return parseOrders(logs.out);
    },
  };
}
const s3 = (...args: string[]): { code: number; out: string } => sh('bash', ['test/lab/s3.sh', ...args]);

/** Before the checks: both repositories hold a full backup (the sidecar takes them when it starts). */
export async function backupsReady(): Promise<Record<string, unknown>> {
  const started = Date.now();
  await until(
    'a full backup in both repositories',
    600_000,
    () => {
      const m = metrics();
      return (
        m['dhakacart_backup_last_timestamp_seconds{repo="1",type="full"}'] > 0 &&
        m['dhakacart_backup_last_timestamp_seconds{repo="2",type="full"}'] > 0
      );
    },
    5000,
  );
  const m = metrics();
  return {
    waitedSeconds: seconds(started),
    firstBackupSeconds: {
      repo1: m['dhakacart_backup_last_run_seconds{repo="1",type="full"}'],
      repo2: m['dhakacart_backup_last_run_seconds{repo="2",type="full"}'],
    },
  };
}

export async function pointInTime(c: Check): Promise<void> {
  const a = placeOrders(3, 'pitr-a');
  await sleep(1100);
  const oldTarget = dbNow();
  await sleep(1100);
  const b = placeOrders(3, 'pitr-b');
  // A new full backup after the old target: a restore to it must pick the backup before it, not the latest.
  const full = execIn(sidecar(), ['env', 'BACKUP_REPOS=1', 'dhakacart-backup', 'now', 'full']);
  expect(c, full.code === 0, `full backup: ${full.out.trim().split('\n').slice(-5).join(' | ')}`);
  const cOrders = placeOrders(3, 'pitr-c');
  await sleep(1100);
  const newTarget = dbNow();
  await sleep(1100);
  const d = placeOrders(3, 'pitr-d');
  await archiveNow();
  const all = [...a.acks, ...b.acks, ...cOrders.acks, ...d.acks].map((x) => x.order);
  const older = drill('--repo', '1', '--target', oldTarget, '--probe', presentProbe(all));
  const today = drill('--repo', '1', '--target', newTarget, '--probe', presentProbe(all));
  const names = (acks: Ack[]): string[] => acks.map((x) => x.order);
  const olderExpected = names(a.acks).sort();
  const todayExpected = [...names(a.acks), ...names(b.acks), ...names(cOrders.acks)].sort();
  c.figures = {
    ordersPlaced: all.length,
    orderErrors: [...a.errors, ...b.errors, ...cOrders.errors, ...d.errors].length,
    olderThanLatestFull: {
      target: oldTarget,
      present: [...probed(older)].length,
      expected: olderExpected.length,
      restoreSeconds: older.restoreSeconds,
      recoverySeconds: older.recoverySeconds,
      ok: older.ok,
    },
    insideTodaysWal: {
      target: newTarget,
      present: [...probed(today)].length,
      expected: todayExpected.length,
      restoreSeconds: today.restoreSeconds,
      recoverySeconds: today.recoverySeconds,
      ok: today.ok,
    },
  };
  expect(
    c,
    all.length === 12,
    `${all.length} of 12 orders acknowledged: ${[...a.errors, ...b.errors].join('; ')}`,
  );
  expect(c, older.ok && today.ok, `drill checks failed: ${JSON.stringify({ older, today }).slice(0, 600)}`);
  expect(
    c,
    [...probed(older)].sort().join() === olderExpected.join(),
    `restore to the older target holds ${[...probed(older)].join()} (expected ${olderExpected.join()})`,
  );
  expect(
    c,
    [...probed(today)].sort().join() === todayExpected.join(),
    `restore to today's target holds ${[...probed(today)].join()} (expected ${todayExpected.join()})`,
  );
}

export async function s3Outage(c: Check): Promise<void> {
  const outageMs = 150_000;
  const orders = startOrders('outage');
  await sleep(10_000);
  const before = metrics();
  s3('stop', '1');
  s3('stop', '2');
  const stoppedAt = Date.now();
  let maxReady = 0;
  let minRepoUp = 1;
  let archivedAt = before.dhakacart_wal_last_archived_timestamp_seconds;
  while (Date.now() - stoppedAt < outageMs) {
    await sleep(15_000);
    const m = metrics();
    maxReady = Math.max(maxReady, m.dhakacart_wal_ready_segments ?? 0);
    minRepoUp = Math.min(minRepoUp, m['dhakacart_backup_repo_up{repo="1"}'] ?? 1);
    archivedAt = m.dhakacart_wal_last_archived_timestamp_seconds;
  }
  const during = metrics();
  const repoUpDuring = Math.min(minRepoUp, during['dhakacart_backup_repo_up{repo="1"}'] ?? 1);
  s3('start', '1');
  s3('start', '2');
  const backAt = Date.now();
  await until(
    'the queued WAL shipped',
    300_000,
    () => (metrics().dhakacart_wal_ready_segments ?? 1) === 0,
    5000,
  );
  const shippedAfter = seconds(backAt);
  const placed = orders.stop();
  await archiveNow();
  const report = drill('--repo', '1', '--probe', presentProbe(placed.acks.map((x) => x.order)));
  const missing = placed.acks.filter((x) => !probed(report).has(x.order)).map((x) => x.order);
  c.figures = {
    outageSeconds: Math.round((backAt - stoppedAt) / 1000),
    ordersAcknowledged: placed.acks.length,
    ordersDuringOutage: placed.acks.filter((x) => x.at >= stoppedAt && x.at < backAt).length,
    orderErrors: placed.errors.length,
    maxReadySegments: maxReady,
    lastArchivedAgeAtEnd: Math.round(backAt / 1000 - archivedAt),
    archiveFailuresDuring:
      (during.dhakacart_wal_archive_failed_total ?? 0) - (before.dhakacart_wal_archive_failed_total ?? 0),
    repo1UpDuring: repoUpDuring,
    secondsToShipAfterReturn: shippedAfter,
    restoredAllOrders: missing.length === 0,
    drill: { ok: report.ok, restoreSeconds: report.restoreSeconds, recoverySeconds: report.recoverySeconds },
  };
  if (placed.errors.length > 0) {
    // What the api said meanwhile, to tell a slow database from a slow replica or network.
    console.log(`  order failures: ${placed.errors.join('; ')}`);
    console.log(`  api warnings and errors since the outage began:\n${apiProblemsSince(stoppedAt - 10_000)}`);
  }
  expect(
    c,
    placed.errors.length === 0,
    `${placed.errors.length} orders failed while S3 was away: ${placed.errors.slice(0, 3).join('; ')}`,
  );
  expect(
    c,
    placed.acks.filter((x) => x.at >= stoppedAt && x.at < backAt).length >= 20,
    'fewer than 20 orders during the outage',
  );
  expect(c, maxReady > 0, 'no WAL queued while S3 was away (dhakacart_wal_ready_segments stayed 0)');
  expect(
    c,
    backAt / 1000 - archivedAt >= 120,
    'dhakacart_wal_last_archived_timestamp_seconds kept moving while S3 was away',
  );
  expect(c, repoUpDuring === 0, 'dhakacart_backup_repo_up did not show the repository down');
  expect(c, report.ok, `drill failed: ${JSON.stringify(report).slice(0, 500)}`);
  expect(c, missing.length === 0, `orders missing after the restore: ${missing.join(', ')}`);
}

export async function secondRegion(c: Check): Promise<void> {
  const placed = placeOrders(3, 'region');
  const deleted = s3('delete-bucket', '1');
  expect(c, deleted.code === 0, `deleting region 1's bucket: ${deleted.out}`);
  let report: ReturnType<typeof drill> | undefined;
  try {
    report = drill('--repo', '2', '--probe', presentProbe(placed.acks.map((x) => x.order)));
  } finally {
    const back = s3('restore-bucket', '1');
    expect(c, back.code === 0, `restoring region 1's bucket: ${back.out}`);
  }
  await until(
    'the WAL queued for region 1 shipped',
    300_000,
    () => (metrics().dhakacart_wal_ready_segments ?? 1) === 0,
    5000,
  );
  c.figures = {
    orders: placed.acks.length,
    restoredFromRegion2: [...probed(report)].length,
    markers: report.markers,
    restoreSeconds: report.restoreSeconds,
    recoverySeconds: report.recoverySeconds,
    totalSeconds: report.totalSeconds,
    ok: report.ok,
  };
  expect(c, placed.acks.length === 3, `${placed.acks.length} of 3 orders acknowledged`);
  expect(c, report.ok, `drill from region 2 failed: ${JSON.stringify(report).slice(0, 500)}`);
  expect(
    c,
    probed(report).size === 3,
    `region 2's restore holds ${[...probed(report)].join()} of the 3 orders`,
  );
}

export function realisticDrill(c: Check): void {
  // A history like a year of the shop: 10,000 products, 50,000 customers, 100,000 orders with two lines each.
  const seedStarted = Date.now();
  const seed = execIn(
    primary(),
    [...PSQL, '-q'],
    readFileSync(join(root, 'test', 'lab', 'history.sql'), 'utf8'),
  );
  expect(c, seed.code === 0, `history: ${seed.out.trim().slice(-300)}`);
  const seedSeconds = seconds(seedStarted);
  const size = Number(liveSql(`SELECT pg_database_size('dhakacart')`));
  const counts = liveSql(
    `SELECT (SELECT count(*) FROM product) || ' ' || (SELECT count(*) FROM app_user) || ' ' || (SELECT count(*) FROM orders) || ' ' || (SELECT count(*) FROM order_line)`,
  )
    .split(' ')
    .map(Number);
  const backupStarted = Date.now();
  const full = execIn(sidecar(), ['env', 'BACKUP_REPOS=1', 'dhakacart-backup', 'now', 'full']);
  const backupSeconds = seconds(backupStarted);
  expect(c, full.code === 0, `full backup: ${full.out.trim().slice(-300)}`);
  const placed = placeOrders(2, 'drill');
  const report = drill('--repo', '1', '--probe', presentProbe(placed.acks.map((x) => x.order)));
  const m = metrics();
  c.figures = {
    products: counts[0],
    customers: counts[1],
    orders: counts[2],
    orderLines: counts[3],
    databaseBytes: size,
    historySeconds: seedSeconds,
    fullBackupSeconds: backupSeconds,
    repo1BytesAfter: m['dhakacart_backup_repo_size_bytes{repo="1"}'],
    drill: {
      ok: report.ok,
      markers: report.markers,
      amcheckExit: report.amcheckExit,
      expected: report.expected,
      restoreSeconds: report.restoreSeconds,
      recoverySeconds: report.recoverySeconds,
      totalSeconds: report.totalSeconds,
    },
    restoreMegabytesPerSecond: Math.round(size / 1e6 / Math.max(1, report.restoreSeconds)),
  };
  expect(
    c,
    counts[0] >= 10_000 && counts[1] >= 50_000 && counts[2] >= 100_000,
    `history: ${counts.join(', ')}`,
  );
  expect(c, report.ok, `drill failed: ${JSON.stringify(report).slice(0, 600)}`);
  expect(
    c,
    report.markers?.before === 'present' && report.markers.after === 'absent',
    `markers: ${JSON.stringify(report.markers)}`,
  );
  expect(c, report.amcheckExit === 0, `pg_amcheck exit ${report.amcheckExit}`);
  expect(
    c,
    probed(report).size === placed.acks.length && placed.acks.length === 2,
    `the 2 orders before the target: ${report.probe}`,
  );
}

/** The newest "restore point before migrating" the migration job printed (service logs are not in time order). */
function lastRestorePoint(): { name: string; at: string } | undefined {
  const points = docker('service', 'logs', '--raw', 'dhakacart_migrate')
    .split('\n')
    .filter((l) => l.includes('"restore point before migrating"'))
    .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { name: string; at: string });
  // `at` is 'YYYY-MM-DD HH:MM:SS.ffffff+00': its text order is its time order.
  return points.sort((a, b) => a.at.localeCompare(b.at)).pop();
}

/** The documented restore in place (swarm/postgres/restore-in-place.sh), then back to ordinary members. */
async function restoreInPlace(c: Check, restoreId: string, type: string, target: string): Promise<void> {
  const r = sh('bash', ['swarm/postgres/restore-in-place.sh', restoreId, type, target], {
    env: { ...env, DATA_STACK: DATA },
    timeoutMs: 20 * 60_000,
  });
  console.log(tail(r.out.trim(), 10));
  expect(c, r.code === 0, `restore-in-place.sh exited ${r.code}: ${r.out.trim().slice(-400)}`);
  await until('a primary after the restore', 15 * 60_000, () => liveSql('SELECT NOT pg_is_in_recovery()') === 't', 2000);
  for (const m of MEMBERS) {
    const u = sh(
      'docker',
      ['service', 'update', '--detach', '--quiet', '--env-rm', 'RESTORE_ID', '--env-rm', 'RESTORE_TYPE', '--env-rm', 'RESTORE_TARGET', `${DATA}_${m}`],
      { env },
    );
    expect(c, u.code === 0, `service update ${m}: ${u.out.trim().slice(-300)}`);
  }
  await until(
    'both members back, a primary and a replica in sync',
    15 * 60_000,
    () => {
      const members = cluster();
      return (
        members.some((x) => x.Role === 'Leader' && x.State === 'running') &&
        members.some((x) => x.Role === 'Sync Standby')
      );
    },
    2000,
  );
}

export async function badMigration(
  c: Check,
  deploy: (...args: string[]) => { code: number; out: string; seconds: number },
): Promise<void> {
  const placed = placeOrders(3, 'migration');
  const ordersBefore = Number(liveSql('SELECT count(*) FROM orders'));
  // A schema-risky release goes out blue-green: the previous release keeps running on the other colour.
  const releasedAt = dbNow();
  const release = deploy('--blue-green', image('api:lab-bad-data'));
  expect(c, release.code === 0, `the destructive release did not deploy (exit ${release.code})`);
  const point = lastRestorePoint();
  const ordersAfterMigration = Number(liveSql('SELECT count(*) FROM orders'));
  expect(
    c,
    point !== undefined && point.at > releasedAt,
    `no restore point from this release's migration job: ${JSON.stringify(point)}`,
  );
  if (!point || point.at <= releasedAt) return;
  // docs/backups.md, "Back to the moment before a bad migration": the database in place, then the previous release.
  const returnStarted = Date.now();
  const restoreId = `lab-${Date.now()}`;
  await restoreInPlace(c, restoreId, 'time', point.at);
  const restoredSeconds = seconds(returnStarted);
  const back = deploy('--switch', 'blue');
  expect(c, back.code === 0, `the switch back to the previous release exited ${back.code}`);
  const retire = deploy('--retire');
  expect(c, retire.code === 0, `retiring the destructive release exited ${retire.code}`);
  const ordersRestored = Number(liveSql('SELECT count(*) FROM orders'));
  const present = liveSql(
    `SELECT count(*) FROM orders WHERE number IN (${placed.acks.map((x) => `'${x.order}'`).join(',')})`,
  );
  const migrationRecorded = liveSql(`SELECT count(*) FROM migrations WHERE name LIKE 'LabDestroy%'`);
  c.figures = {
    restorePoint: point,
    ordersBefore,
    ordersAfterMigration,
    ordersAfterReturn: ordersRestored,
    lastOrdersPresent: Number(present),
    destroyingMigrationRecordedAfter: Number(migrationRecorded),
    databaseRestoredSeconds: restoredSeconds,
    returnSeconds: seconds(returnStarted),
  };
  expect(
    c,
    ordersAfterMigration === 0 && ordersBefore > 0,
    `the migration did not destroy the orders (${ordersBefore} -> ${ordersAfterMigration})`,
  );
  expect(
    c,
    ordersRestored === ordersBefore,
    `${ordersRestored} orders after the return, ${ordersBefore} before the migration`,
  );
  expect(
    c,
    Number(present) === placed.acks.length && placed.acks.length === 3,
    `${present} of the last 3 orders back`,
  );
  expect(c, Number(migrationRecorded) === 0, 'the destructive migration is still recorded as applied');
}

export async function databaseNodeLost(c: Check): Promise<void> {
  // Orders from a manager (the db node also carries the edge and the load generator, which die with it).
  const orders = startOrders('rpo', 'lab-mgr-2');
  // Longer than archive_timeout (30 s), so that the measured gap is not capped by the window.
  await sleep(60_000);
  const killedAt = Date.now();
  outer('kill', EDGE);
  await sleep(5000);
  const placed = orders.stop();
  const acked = placed.acks.filter((x) => x.at <= killedAt);
  const report = drill('--repo', '1', '--latest', '--probe', presentProbe(acked.map((x) => x.order)));
  const restored = probed(report);
  const lost = acked.filter((x) => !restored.has(x.order));
  const newestRestored = Math.max(0, ...acked.filter((x) => restored.has(x.order)).map((x) => x.at));
  // The gap: from the oldest acknowledged order the archive cannot restore to the kill (0 when nothing is lost).
  const rpo = lost.length ? (killedAt - Math.min(...lost.map((x) => x.at))) / 1000 : 0;
  // The node comes back (its volumes are intact) and the shop with it.
  outer('start', EDGE);
  const restartedAt = Date.now();
  await until(
    'the db node back with PostgreSQL',
    300_000,
    () => {
      try {
        return liveSql('SELECT 1') === '1';
      } catch {
        return false;
      }
    },
    3000,
  );
  // The rest of the data stack too: the next checks use the sidecar.
  await until(
    'both members and their backup sidecars running again',
    300_000,
    () =>
      MEMBERS.every((m) => task(m).container.length > 0 && task(sidecarOf(m)).container.length > 0) &&
      cluster().filter((x) => x.State === 'running' || x.State === 'streaming').length === MEMBERS.length,
    3000,
  );
  onHost(EDGE, 'start', LOADGEN);
  await until(
    'the load generator serving again',
    120_000,
    () => load().addresses.length === 3 && load().ok > 0,
    2000,
  );
  c.figures = {
    ordersAcknowledged: acked.length,
    restored: restored.size,
    lost: lost.length,
    rpoSeconds: Math.round(rpo * 10) / 10,
    newestRestoredAgeAtKill: newestRestored ? Math.round((killedAt - newestRestored) / 100) / 10 : null,
    drill: { ok: report.ok, restoreSeconds: report.restoreSeconds, recoverySeconds: report.recoverySeconds },
    secondsUntilBack: seconds(restartedAt),
  };
  expect(c, acked.length >= 20, `only ${acked.length} orders acknowledged before the kill`);
  expect(c, report.ok, `the restore of the archive failed: ${JSON.stringify(report).slice(0, 500)}`);
  expect(
    c,
    rpo <= 60,
    `RPO ${rpo} s (the archive_timeout of 30 s bounds it near 30 s plus the push; requirement 60 s)`,
  );
}
