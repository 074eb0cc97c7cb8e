// The failover checks (issue 16) on the lab cluster: the Patroni cluster of swarm/data.yml (pg1 on lab-wrk-2, pg2 on
// lab-wrk-1, etcd on the managers, HAProxy as `postgres`) under checkout load through the API (test/lab/orders.js,
// retrying a checkout the shop could not answer with the same idempotency key, as the storefront does). Each check
// prints what it measured: how long until HAProxy routed writes to the (new) primary, the failed checkout attempts,
// and whether every order the API acknowledged exists afterwards, once (docs/database-ha.md).
import { Ack, Placed, backupAfter, startOrders } from './backups';
import { MEMBERS, Member, cluster, execIn, liveSql, memberSql, primary, task } from './database';
import { Check, EDGE, HostName, docker, expect, outer, seconds, sleep, until } from './kit';

const other = (m: Member): Member => (m === 'pg1' ? 'pg2' : 'pg1');
/** Checkout attempts that fail are retried with the same key for up to this long. */
const RETRY = { RETRY_MS: '90000' };

/** The address a member answers on, on dhakacart-data, and the one HAProxy routes a new connection to. */
function routedTo(m: Member): boolean {
  const script =
    'export PGPASSWORD="$(cat /run/secrets/postgres_password)" PGCONNECT_TIMEOUT=2; ' +
    'q() { psql -h "$1" -U dhakacart -d dhakacart -XAtqc "SELECT inet_server_addr()"; }; ' +
    `[ "$(q postgres)" = "$(q ${m}-data)" ]`;
  return execIn(m, ['bash', '-c', script], undefined, 10_000).code === 0;
}

/** The cluster in its ordinary state: a running primary and a synchronous standby that is streaming. */
export async function clusterReady(timeoutMs = 300_000): Promise<{ primary: Member; seconds: number }> {
  const started = Date.now();
  await until(
    'a primary and a synchronous standby',
    timeoutMs,
    () => {
      const members = cluster();
      return (
        members.some((x) => x.Role === 'Leader' && x.State === 'running') &&
        members.some((x) => x.Role === 'Sync Standby' && (x.State === 'running' || x.State === 'streaming'))
      );
    },
    2000,
  );
  return { primary: primary(), seconds: seconds(started) };
}

/** Orders the run's customers placed, acknowledged or not, against the acknowledgements (and oversold stock). */
function audit(label: string, placed: Placed): Record<string, number> {
  const numbers = placed.acks.map((a) => `'${a.order}'`).join(',') || "''";
  const [present, ordersOfRun, keysWithOrder, distinctAcked, oversold] = liveSql(
    `SELECT (SELECT count(*) FROM orders WHERE number IN (${numbers})),
            (SELECT count(*) FROM orders o JOIN app_user u ON u.id = o.user_id WHERE u.email LIKE 'lab-${label}-%'),
            (SELECT count(*) FROM idempotency_key k JOIN app_user u ON u.id = k.user_id
              WHERE u.email LIKE 'lab-${label}-%' AND k.order_id IS NOT NULL),
            (SELECT count(DISTINCT n) FROM unnest(ARRAY[${numbers}]::text[]) n),
            (SELECT count(*) FROM stock_level WHERE stock_allocated > stock_on_hand OR stock_on_hand < 0)`.replace(
      /\s+/g,
      ' ',
    ),
  )
    .split('|')
    .map(Number);
  return {
    acknowledged: placed.acks.length,
    distinctAcknowledged: distinctAcked,
    acknowledgedPresent: present,
    lost: placed.acks.length - present,
    ordersOfRun,
    keysWithOrder,
    retriedAttempts: placed.retries,
    replayed: placed.acks.filter((a) => a.replayed).length,
    customerErrors: placed.errors.length,
    oversoldProducts: oversold,
  };
}

function expectNoLoss(c: Check, a: Record<string, number>): void {
  expect(c, a.acknowledged >= 10, `only ${a.acknowledged} orders acknowledged during the check`);
  expect(c, a.lost === 0, `${a.lost} of ${a.acknowledged} acknowledged orders are missing afterwards`);
  expect(c, a.distinctAcknowledged === a.acknowledged, 'an order number was acknowledged twice');
  // One order per idempotency key: a retried checkout never made a second one.
  expect(c, a.ordersOfRun === a.keysWithOrder, `${a.ordersOfRun} orders for ${a.keysWithOrder} idempotency keys`);
  expect(c, a.oversoldProducts === 0, `${a.oversoldProducts} products oversold`);
}

/** The longest time without an acknowledged order, from `from` on (ms epoch), in seconds. */
function longestGap(acks: Ack[], from: number): number {
  const times = acks.map((a) => a.at).filter((t) => t >= from).sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < times.length; i += 1) gap = Math.max(gap, times[i] - times[i - 1]);
  return Math.round(gap / 100) / 10;
}

/** Waits until HAProxy routes new connections to `m`; the seconds since `from`. */
async function routedWithin(m: Member, from: number, timeoutMs = 120_000): Promise<number> {
  await until(`HAProxy routing writes to ${m}`, timeoutMs, () => routedTo(m), 300);
  return seconds(from);
}

/** A planned switchover with the documented one-liner (docker exec <member> dhakacart-handover). */
function handover(from: Member): { code: number; out: string } {
  return execIn(from, ['dhakacart-handover'], undefined, 180_000);
}

/** Puts the primary on `m` (a planned switchover when it is elsewhere): the checks that kill other nodes need it. */
export async function primaryOn(m: Member): Promise<Record<string, unknown>> {
  const ready = await clusterReady();
  if (ready.primary === m) return { primary: m, switched: false };
  const r = handover(ready.primary);
  if (r.code !== 0) throw new Error(`switchover to ${m}: ${r.out.trim().slice(-300)}`);
  const after = await clusterReady();
  if (after.primary !== m) throw new Error(`the primary is ${after.primary} after a switchover to ${m}`);
  return { primary: m, switched: true, seconds: after.seconds };
}

/** Check 4: a planned switchover under load, to pg2 (so that check 1 can kill the primary's node, lab-wrk-1). */
export async function plannedSwitchover(c: Check): Promise<void> {
  const ready = await clusterReady();
  if (ready.primary === 'pg2') {
    // Measured from pg1 to pg2: move the primary to pg1 first, without load.
    expect(c, handover('pg2').code === 0, 'the preparatory switchover to pg1 failed');
    await clusterReady();
  }
  const label = `fo-switch-${Date.now()}`;
  const orders = startOrders(label, EDGE, RETRY);
  await sleep(10_000);
  const started = Date.now();
  const r = handover('pg1');
  const handoverSeconds = seconds(started);
  const routed = await routedWithin('pg2', started);
  await sleep(10_000);
  const placed = orders.stop();
  const a = audit(label, placed);
  const after = await clusterReady();
  c.figures = {
    from: 'pg1',
    to: 'pg2',
    handoverSeconds,
    writesRoutedToNewPrimaryAfterSeconds: routed,
    longestGapWithoutAckSeconds: longestGap(placed.acks, started - 5000),
    ...a,
    handover: r.out.trim().split('\n').pop(),
  };
  expect(c, r.code === 0, `dhakacart-handover exited ${r.code}: ${r.out.trim().slice(-300)}`);
  expect(c, after.primary === 'pg2', `the primary is ${after.primary} after the switchover`);
  expectNoLoss(c, a);
  // Failed writes are retried with the same key by the customers; the shop answered every checkout in the end.
  expect(c, a.retriedAttempts <= 20, `${a.retriedAttempts} checkout attempts failed during a planned switchover`);
}

/** Check 1: the primary's node (lab-wrk-1, pg2 after check 4) killed under load. */
export async function primaryNodeKilled(c: Check): Promise<void> {
  const ready = await clusterReady();
  const victim = ready.primary;
  const node = task(victim).node;
  expect(c, node !== EDGE, `the primary ${victim} runs on ${node}, the edge node the checks never kill`);
  if (node === EDGE) return;
  const survivor = other(victim);
  const label = `fo-kill-${Date.now()}`;
  const orders = startOrders(label, EDGE, RETRY);
  await sleep(10_000);
  const killedAt = Date.now();
  outer('kill', node);
  let routed = 0;
  try {
    routed = await routedWithin(survivor, killedAt);
  } catch (err) {
    c.problems.push(String((err as Error).message));
  }
  await sleep(10_000);
  const placed = orders.stop();
  const a = audit(label, placed);
  c.figures = {
    killed: node,
    oldPrimary: victim,
    newPrimary: survivor,
    writesRoutedToNewPrimaryAfterSeconds: routed,
    longestGapWithoutAckSeconds: longestGap(placed.acks, killedAt - 5000),
    ...a,
  };
  expect(c, routed > 0 && routed <= 60, `writes reached the new primary after ${routed} s (requirement 60 s)`);
  expectNoLoss(c, a);
  lastKill = { node, acks: placed.acks, at: killedAt };
}
let lastKill: { node: HostName; acks: Ack[]; at: number } | undefined;

/** Check 5: the killed node back: its member rejoins as a replica by itself (pg_rewind); a restore after the failover. */
export async function oldPrimaryRejoins(
  c: Check,
  drillLatest: (orders: string[]) => { ok: boolean; present: number; seconds: number },
): Promise<void> {
  if (!lastKill) throw new Error('check 1 did not kill a node');
  const { node, acks } = lastKill;
  const before = primary();
  const startedAt = Date.now();
  outer('start', node);
  await until(
    'the old primary back as a replica in sync',
    300_000,
    () => cluster().some((x) => x.Member !== before && x.Role === 'Sync Standby' && x.State !== 'stopped'),
    2000,
  );
  const rejoined = seconds(startedAt);
  const members = cluster();
  const back = members.find((x) => x.Member !== before);
  // The new primary's sidecar takes a differential backup on the new timeline when it finds itself promoted; a
  // restore of the archive after the failover from it holds every order acknowledged in check 1.
  const waitedForBackup = await backupAfter(lastKill.at);
  const drill = drillLatest(acks.map((x) => x.order));
  const inRecovery = memberSql(back?.Member as Member, 'SELECT pg_is_in_recovery()') === 't';
  c.figures = {
    node,
    secondsUntilReplicaInSync: rejoined,
    members: members.map((x) => `${x.Member} ${x.Role} ${x.State} TL${x.TL ?? '?'}`),
    restoreAfterFailover: {
      ok: drill.ok,
      ordersOfCheck1Present: drill.present,
      of: acks.length,
      seconds: drill.seconds,
      waitedForBackupSeconds: waitedForBackup,
    },
  };
  expect(c, inRecovery, `${back?.Member} is not in recovery after rejoining`);
  expect(c, back?.TL === members.find((x) => x.Member === before)?.TL, 'the rejoined member is on another timeline');
  expect(c, drill.ok && drill.present === acks.length, `the restore after the failover holds ${drill.present} of ${acks.length} orders`);
}

/** The Patroni worker process of a member (PID 1 is Patroni's reaper; its child runs the loop). */
const patroniSignal = (m: Member, signal: 'STOP' | 'CONT'): void => {
  const r = execIn(m, ['sh', '-c', `kill -${signal} $(pgrep -P 1 -f /usr/bin/patroni)`], undefined, 15_000);
  if (r.code !== 0) throw new Error(`kill -${signal} of ${m}'s Patroni: ${r.out.trim()}`);
};

/** Check 2: the primary's PostgreSQL killed (Patroni alive), then the primary's Patroni frozen (PostgreSQL alive). */
export async function processFailures(c: Check): Promise<void> {
  // a. PostgreSQL killed: Patroni starts it again (primary_start_timeout 10 s) or the standby takes over.
  let ready = await clusterReady();
  const labelA = `fo-pgkill-${Date.now()}`;
  let orders = startOrders(labelA, EDGE, RETRY);
  await sleep(10_000);
  const killedAt = Date.now();
  const k = execIn(ready.primary, ['sh', '-c', 'kill -9 "$(head -1 "$PGDATA/postmaster.pid")"'], undefined, 15_000);
  expect(c, k.code === 0, `kill -9 of the postmaster: ${k.out.trim()}`);
  await until('a primary answering through HAProxy again', 120_000, () => MEMBERS.some((m) => routedTo(m)), 300);
  const pgKillSeconds = seconds(killedAt);
  await sleep(10_000);
  let placed = orders.stop();
  const a = audit(labelA, placed);
  const pgKill = {
    primary: ready.primary,
    primaryAfter: (await clusterReady()).primary,
    writesBackAfterSeconds: pgKillSeconds,
    longestGapWithoutAckSeconds: longestGap(placed.acks, killedAt - 5000),
    ...a,
  };
  c.figures = { postgresKilled: pgKill };
  expectNoLoss(c, a);

  // b. Patroni frozen: its leader key expires (ttl 20 s), the standby takes over; HAProxy stops routing to the frozen
  // member when its REST API stops answering; commits there wait for the standby that has left, so none is lost.
  ready = await clusterReady();
  const frozen = ready.primary;
  const labelB = `fo-freeze-${Date.now()}`;
  orders = startOrders(labelB, EDGE, RETRY);
  await sleep(10_000);
  const frozenAt = Date.now();
  let routed = 0;
  patroniSignal(frozen, 'STOP');
  try {
    routed = await routedWithin(other(frozen), frozenAt);
  } catch (err) {
    c.problems.push(String((err as Error).message));
  } finally {
    // The old primary's Patroni wakes, finds the other member holding the key, demotes and rejoins.
    patroniSignal(frozen, 'CONT');
  }
  await sleep(10_000);
  placed = orders.stop();
  const b = audit(labelB, placed);
  const after = await clusterReady();
  c.figures = {
    postgresKilled: pgKill,
    patroniFrozen: {
      frozen,
      newPrimary: after.primary,
      writesRoutedToNewPrimaryAfterSeconds: routed,
      longestGapWithoutAckSeconds: longestGap(placed.acks, frozenAt - 5000),
      oldPrimaryBackInSyncSeconds: after.seconds,
      ...b,
    },
  };
  expect(c, routed > 0 && routed <= 60, `writes reached the new primary ${routed} s after the freeze`);
  expect(c, after.primary === other(frozen), `the primary after the freeze is ${after.primary}`);
  expectNoLoss(c, b);
}

/** Check 3: one etcd member away for 30 s: the quorum holds, so no failover and no failed checkout. */
export async function etcdMemberLost(c: Check): Promise<void> {
  const ready = await clusterReady();
  const timeline = cluster().find((x) => x.Member === ready.primary)?.TL;
  const label = `fo-etcd-${Date.now()}`;
  const orders = startOrders(label, EDGE, RETRY);
  await sleep(10_000);
  docker('service', 'scale', '--detach', 'dhakacart-data_etcd3=0');
  const awayAt = Date.now();
  await sleep(30_000);
  const during = cluster();
  docker('service', 'scale', '--detach', 'dhakacart-data_etcd3=1');
  await until('etcd3 running again', 120_000, () => task('etcd3').container.length > 0, 2000);
  await sleep(10_000);
  const placed = orders.stop();
  const a = audit(label, placed);
  const after = await clusterReady();
  c.figures = {
    awaySeconds: seconds(awayAt),
    primaryBefore: ready.primary,
    primaryAfter: after.primary,
    membersWhileAway: during.map((x) => `${x.Member} ${x.Role} ${x.State}`),
    ...a,
  };
  expect(c, after.primary === ready.primary, `the primary moved from ${ready.primary} to ${after.primary}`);
  expect(
    c,
    cluster().find((x) => x.Member === after.primary)?.TL === timeline,
    'the timeline changed: there was a failover',
  );
  expectNoLoss(c, a);
  expect(c, a.retriedAttempts === 0, `${a.retriedAttempts} checkout attempts failed with one etcd member away`);
  expect(c, placed.errors.length === 0, `customers met errors: ${placed.errors.slice(0, 5).join(' | ')}`);
}
