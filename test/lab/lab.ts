// The lab's checks, on the lab cluster (test/lab/run.sh starts its hosts and builds and pushes the images first):
// 1-3 provision bare hosts with ansible/site.yml and check the result (issue 14; test/lab/provisioning.ts), then the
// app checks of the Swarm stack on that cluster (rolling update, rollback, replacement, scaling, migration job,
// blue-green, autoscaler) with the real swarm/deploy.sh, load driven from inside the overlay network
// (test/lab/loadgen.js), then the server checks that break things: a killed worker, a killed leader, rolling
// maintenance, a new host. Prints every measured figure; writes test-results/lab.json (figures) and
// lab.summary.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  Check,
  currentManager,
  EDGE,
  HOSTS,
  LOADGEN,
  LoadStats,
  STATE,
  delta,
  docker,
  env,
  expect,
  image,
  labVault,
  load,
  onHost,
  root,
  runningTask,
  runningTaskLines,
  scriptContainer,
  runningTasks,
  seconds,
  sh,
  sleep,
  tagged,
  until,
  useManager,
} from './kit';
import {
  backupsReady,
  badMigration,
  databaseNodeLost,
  drillLatest,
  pointInTime,
  realisticDrill,
  s3Outage,
  secondRegion,
} from './backups';
import {
  clusterReady,
  etcdMemberLost,
  oldPrimaryRejoins,
  plannedSwitchover,
  primaryNodeKilled,
  primaryOn,
  processFailures,
} from './failover';
import {
  firewall,
  idempotent,
  leaderKilled,
  nodeAdded,
  provisionFromBare,
  rollingMaintenance,
  workerKilled,
} from './provisioning';

const STACK = 'dhakacart';
const API = `${STACK}_api-blue`;
/** How many checks main() runs (counted as failed when the lab cannot run at all). */
const CHECKS = 25;
// For work on a few checks: LAB_ONLY="provisioning 1,backups" runs only the checks whose names start so; every check
// skipped counts as failed, so such a run never passes.
const ONLY = (process.env.LAB_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
// What site.yml's stack role passes swarm/deploy.sh (ansible/roles/stack): the vault's secrets by versioned name.
const SECRETS = ['database_url', 'redis_url', 'jwt_secret', 'smtp_url', 'chat_webhook_url', 'metrics_token'];
const DEPLOY_ENV = (): NodeJS.ProcessEnv => ({
  ...env,
  STACK,
  RESOLVE_IMAGE: 'never',
  DOMAIN: 'shop.lab.internal',
  OVERLAY_ENCRYPTED: 'false',
  ...Object.fromEntries(SECRETS.map((name) => [`${name.toUpperCase()}_SECRET`, `dhakacart_${name}_v1`])),
});
const IMG = {
  lab1: (): string => image('api:lab-1'),
  lab2: (): string => image('api:lab-2'),
  lab3: (): string => image('api:lab-3'),
  badHealth: (): string => image('api:lab-bad-health'),
  badMigration: (): string => image('api:lab-bad-migration'),
};

function deploy(...args: string[]): { code: number; out: string; seconds: number } {
  const started = Date.now();
  const r = sh('bash', ['swarm/deploy.sh', ...args], { env: DEPLOY_ENV() });
  const indented = r.out.trim().replace(/^/gm, '    ');
  console.log(`  swarm/deploy.sh ${args.join(' ')} -> exit ${r.code} in ${seconds(started)} s\n${indented}`);
  return { ...r, seconds: seconds(started) };
}
/** The image a service runs, without the digest (compare with tagged(IMG.x())). */
const serviceImage = (service: string): string =>
  tagged(docker('service', 'inspect', '-f', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', service));
const replicas = (service: string): number =>
  Number(docker('service', 'inspect', '-f', '{{.Spec.Mode.Replicated.Replicas}}', service));
const servedSince = (a: LoadStats, b: LoadStats): string[] =>
  Object.keys(b.byAddress).filter((ip) => b.byAddress[ip] - (a.byAddress[ip] ?? 0) > 0);

// Every run of the migration job: its job iteration and the states of that iteration's tasks.
function migrationRuns(): Map<number, string[]> {
  const ids = docker('service', 'ps', '-q', '--no-trunc', `${STACK}_migrate`).split('\n').filter(Boolean);
  const runs = new Map<number, string[]>();
  for (const line of docker('inspect', '-f', '{{.JobIteration.Index}} {{.Status.State}}', ...ids).split(
    '\n',
  )) {
    const [index, state] = line.split(' ');
    runs.set(Number(index), [...(runs.get(Number(index)) ?? []), state]);
  }
  return runs;
}

/** The products the checks read, and the load generator on the edge host (never killed), inside the edge network. */
async function startLoad(): Promise<void> {
  const seed = onHost(
    EDGE,
    'run',
    '--rm',
    '--network',
    'dhakacart-data',
    '-e',
    `DATABASE_URL=${labVault('vault_database_url')}`,
    '-e',
    `REDIS_URL=${labVault('vault_redis_url')}`,
    '-e',
    `JWT_SECRET=${randomBytes(36).toString('base64')}`,
    IMG.lab1(),
    'node',
    'dist/seed.js',
    '--products',
    '500',
  );
  if (seed.code !== 0) throw new Error(`seeding failed: ${seed.out}`);
  scriptContainer(EDGE, LOADGEN, 'loadgen.js', [`tasks.${API}`], { CONCURRENCY: '16', REFRESH_MS: '5000' });
  onHost(EDGE, 'start', LOADGEN);
  await until('the load generator to reach every api task', 60_000, () => {
    const l = load();
    return l.addresses.length === 3 && l.ok > 0;
  });
}

/** A local unix socket forwarded over SSH to a manager's Docker socket (for the autoscaler's own Docker client). */
async function forwardedSocket(host: keyof typeof HOSTS): Promise<{ path: string; close: () => void }> {
  const path = join(STATE, `docker-${host}.sock`);
  rmSync(path, { force: true });
  const ssh = spawn(
    'ssh',
    [
      '-o',
      'ControlPath=none',
      '-o',
      'ExitOnForwardFailure=yes',
      '-NT',
      '-L',
      `${path}:/var/run/docker.sock`,
      `root@${HOSTS[host]}`,
    ],
    { stdio: 'ignore' },
  );
  await until('the forwarded Docker socket', 15_000, () => existsSync(path), 200);
  return { path, close: () => ssh.kill() };
}

async function main(checks: Check[]): Promise<void> {
  const figures: Record<string, unknown> = { started: new Date().toISOString() };
  const check = async (name: string, body: (c: Check) => Promise<void> | void): Promise<void> => {
    const c: Check = { name, passed: false, figures: {}, problems: [] };
    if (ONLY.length > 0 && !ONLY.some((prefix) => name.startsWith(prefix))) {
      console.log(`\n=== lab check: ${name}: skipped (LAB_ONLY), counted as failed`);
      checks.push({ ...c, problems: ['skipped'] });
      return;
    }
    console.log(`\n=== lab check: ${name}`);
    const started = Date.now();
    try {
      await body(c);
    } catch (err) {
      c.problems.push(String((err as Error).message ?? err));
    }
    c.passed = c.problems.length === 0;
    console.log(`  figures: ${JSON.stringify(c.figures)}`);
    console.log(
      `--- ${c.passed ? 'PASS' : 'FAIL'} (${seconds(started)} s): ${name}${c.passed ? '' : `\n  ${c.problems.join('\n  ')}`}`,
    );
    checks.push(c);
  };
  let deploysReachingMigration = 0;

  // Issue 14: from bare hosts to a serving shop, twice, and the firewall.
  await check(
    'provisioning 1. site.yml takes bare Debian hosts to the shop serving through the edge',
    provisionFromBare,
  );
  if (!checks[0].passed && ONLY.length === 0) throw new Error('provisioning failed: nothing else can run');
  if (!currentManager()) useManager('lab-mgr-1'); // provisioning 1 skipped (LAB_ONLY): the cluster is already up
  await check('provisioning 2. a second site.yml run and --check --diff change nothing', idempotent);
  await check(
    'provisioning 3. the firewall: from outside only the edge answers, on 80 and 443; SSH refuses passwords',
    firewall,
  );

  console.log('\n=== lab set-up: catalog seed and load generator');
  const setupStarted = Date.now();
  await startLoad();
  figures.setupSeconds = seconds(setupStarted);
  deploysReachingMigration += 1; // site.yml's first release ran the migration job once

  await check('app 1. rolling update under load: zero failed requests out of at least 10,000', async (c) => {
    const before = load();
    const r = deploy(IMG.lab2());
    deploysReachingMigration += 1;
    expect(c, r.code === 0, `deploy.sh exited ${r.code}`);
    // Keep the load on until at least 10,000 requests were measured across the update and a few seconds after it.
    await sleep(5000);
    await until('10,000 requests', 120_000, () => delta(before, load()).ok >= 10_000);
    const settled = load();
    await sleep(5000);
    const after = load();
    const d = delta(before, after);
    const lateVersions = Object.keys(after.versions).filter(
      (v) => after.versions[v] > (settled.versions[v] ?? 0),
    );
    c.figures = {
      deploySeconds: r.seconds,
      requests: d.ok + d.failed,
      failed: d.failed,
      retriedConnections: d.retried,
      errors: d.errors,
      requestsPerSecond: Math.round((d.ok + d.failed) / ((after.t - before.t) / 1000)),
      versionsServedAfter: lateVersions,
    };
    expect(c, d.failed === 0, `${d.failed} requests failed: ${JSON.stringify(d.errors)}`);
    expect(c, d.ok + d.failed >= 10_000, `only ${d.ok + d.failed} requests`);
    expect(c, serviceImage(API) === tagged(IMG.lab2()), `api runs ${serviceImage(API)}`);
    expect(
      c,
      serviceImage(`${STACK}_worker`) === tagged(IMG.lab2()),
      `worker runs ${serviceImage(`${STACK}_worker`)}`,
    );
    expect(
      c,
      lateVersions.join() === 'lab-2',
      `after the release the api answered as ${lateVersions.join(', ')}`,
    );
  });

  await check(
    'app 2. an image whose health check fails is rolled back, reported within 2 minutes, no failed request',
    async (c) => {
      const before = load();
      const r = deploy(IMG.badHealth());
      deploysReachingMigration += 1;
      const after = load();
      const d = delta(before, after);
      c.figures = {
        deployExit: r.code,
        secondsToReport: r.seconds,
        requests: d.ok + d.failed,
        failed: d.failed,
        retriedConnections: d.retried,
        apiImageAfter: serviceImage(API),
        runningAfter: runningTasks(API),
      };
      expect(c, r.code !== 0, 'deploy.sh exited 0');
      expect(c, /rollback_(started|completed)/.test(r.out), 'deploy.sh did not name the rollback');
      expect(c, r.seconds <= 120, `reported after ${r.seconds} s`);
      expect(c, serviceImage(API) === tagged(IMG.lab2()), `api runs ${serviceImage(API)} after the rollback`);
      expect(
        c,
        serviceImage(`${STACK}_worker`) === tagged(IMG.lab2()),
        'the worker left the previous release',
      );
      expect(c, d.failed === 0, `${d.failed} requests failed: ${JSON.stringify(d.errors)}`);
      await until('3 running api tasks', 60_000, () => runningTasks(API) === 3);
    },
  );

  await check('app 3. a killed api task is replaced and serving again within 30 s', async (c) => {
    const before = load();
    // One task of the api, on whichever node it runs: its container is <task name>.<task id> on that node's engine.
    const { node: victimNode, container: victim } = runningTask(API);
    const victimIp = onHost(
      victimNode,
      'inspect',
      '-f',
      '{{(index .NetworkSettings.Networks "dhakacart-edge").IPAddress}}',
      victim,
    ).out.trim();
    const runningIds = (): string[] => runningTaskLines(API, '{{.ID}}').map((l) => l.split(' ')[0]);
    const tasksBefore = new Set(runningIds());
    const killedAt = Date.now();
    onHost(victimNode, 'kill', victim);
    let replacedAfter = 0;
    let newIp = '';
    await until('a replacement task that serves', 60_000, () => {
      if (!replacedAfter && runningIds().some((id) => !tasksBefore.has(id))) {
        replacedAfter = seconds(killedAt);
      }
      newIp = servedSince(before, load()).find((ip) => !(ip in before.byAddress) && ip !== victimIp) ?? '';
      return newIp !== '';
    });
    const servingAfter = seconds(killedAt);
    await sleep(2000);
    const d = delta(before, load());
    c.figures = {
      killedTaskAddress: victimIp,
      replacementAddress: newIp,
      secondsUntilReplacementRunning: replacedAfter || servingAfter,
      secondsUntilReplacementServing: servingAfter,
      failed: d.failed,
      retriedConnections: d.retried,
    };
    expect(c, servingAfter <= 30, `the replacement served after ${servingAfter} s`);
    expect(c, runningTasks(API) === 3, `${runningTasks(API)} api tasks running`);
  });

  await check(
    'app 4. scaling from 3 to 6 replicas under load adds capacity without errors; a release keeps the count',
    async (c) => {
      const before = load();
      const started = Date.now();
      docker('service', 'scale', '--detach', `${API}=6`);
      await until('6 running api tasks', 90_000, () => runningTasks(API) === 6);
      const runningAfter = seconds(started);
      await until('the load generator to use all 6 tasks', 60_000, () => load().addresses.length === 6);
      const mark = load();
      await sleep(8000);
      const after = load();
      const servingAfter = seconds(started);
      const d = delta(before, after);
      const servers = servedSince(mark, after);
      // The autoscaler and deploy.sh must not fight: a release keeps the replica count that is running.
      const redeploy = deploy(IMG.lab2());
      deploysReachingMigration += 1;
      c.figures = {
        secondsUntil6Running: runningAfter,
        secondsUntil6Serving: servingAfter,
        tasksServingInLast8s: servers.length,
        requests: d.ok + d.failed,
        failed: d.failed,
        requestsPerSecondOn3: Math.round(((mark.ok - before.ok) * 1000) / Math.max(1, mark.t - before.t)),
        requestsPerSecondOn6: Math.round(((after.ok - mark.ok) * 1000) / Math.max(1, after.t - mark.t)),
        replicasAfterRelease: replicas(API),
      };
      expect(c, d.failed === 0, `${d.failed} requests failed: ${JSON.stringify(d.errors)}`);
      expect(c, servers.length === 6, `${servers.length} tasks served in the last 8 s`);
      expect(c, redeploy.code === 0, `the release exited ${redeploy.code}`);
      expect(c, replicas(API) === 6, `the release reset the replicas to ${replicas(API)}`);
      docker('service', 'scale', '--detach', `${API}=3`);
      await until('3 running api tasks', 90_000, () => runningTasks(API) === 3);
    },
  );

  await check(
    'app 5. the migration job runs once per release, and a failing migration stops the rollout',
    async (c) => {
      const before = load();
      const runsBefore = migrationRuns();
      const r = deploy(IMG.badMigration());
      deploysReachingMigration += 1;
      await sleep(5000); // a retry, if Swarm made one, would show by now
      const runs = migrationRuns();
      const latest = Math.max(...runs.keys());
      const d = delta(before, load());
      c.figures = {
        releases: deploysReachingMigration,
        migrationRuns: runs.size,
        tasksPerRun: [...runs.values()].map((states) => states.length),
        statesOfLastRun: runs.get(latest),
        failingReleaseExit: r.code,
        apiImageAfter: serviceImage(API),
        failed: d.failed,
      };
      expect(
        c,
        runsBefore.size === deploysReachingMigration - 1,
        `${runsBefore.size} job runs for ${deploysReachingMigration - 1} releases`,
      );
      expect(
        c,
        runs.size === deploysReachingMigration,
        `${runs.size} job runs for ${deploysReachingMigration} releases`,
      );
      expect(
        c,
        [...runs.values()].every((s) => s.length === 1),
        'a release ran the job more than once',
      );
      // Each earlier release's deploy.sh already waited for its run to complete (those releases succeeded). Swarm may
      // later mark such a finished task 'rejected' when it re-checks constraints (docs/deployment.md): its state
      // then no longer says it completed, but a run that never completed would have failed its release.
      expect(
        c,
        [...runsBefore.values()].every((s) => s[0] === 'complete' || s[0] === 'rejected'),
        `an earlier migration run ended neither complete nor re-marked: ${JSON.stringify(Object.fromEntries(runsBefore))}`,
      );
      expect(c, runs.get(latest)?.join() === 'failed', `the failing run ended ${runs.get(latest)?.join()}`);
      expect(
        c,
        r.code !== 0 && /migration job failed/.test(r.out),
        'deploy.sh did not report the failed migration',
      );
      expect(
        c,
        /LabBroken1900000000000|lab_no_such_function/.test(r.out),
        'the report does not show the job log',
      );
      expect(c, serviceImage(API) === tagged(IMG.lab2()), `the api was updated to ${serviceImage(API)}`);
      expect(c, serviceImage(`${STACK}_worker`) === tagged(IMG.lab2()), 'the worker was updated');
      expect(c, d.failed === 0, `${d.failed} requests failed`);
    },
  );

  await check(
    'app 6. blue-green: the new image on the standby colour, checked, switched to, and switched back',
    async (c) => {
      const GREEN = `${STACK}_api-green`;
      const priority = (colour: string): number =>
        Number(
          docker(
            'service',
            'inspect',
            '-f',
            `{{index .Spec.Labels "traefik.http.routers.api-${colour}.priority"}}`,
            `${STACK}_api-${colour}`,
          ),
        );
      const taskIds = (service: string): string =>
        docker('service', 'ps', '-q', '--filter', 'desired-state=running', service).split('\n').sort().join();
      const before = load();
      const release = deploy('--blue-green', IMG.lab3());
      deploysReachingMigration += 1;
      const greenTasks = taskIds(GREEN);
      const blueTasks = taskIds(API);
      const afterRelease = { blue: priority('blue'), green: priority('green') };
      const back = deploy('--switch', 'blue');
      const afterSwitch = { blue: priority('blue'), green: priority('green') };
      await sleep(3000);
      const d = delta(before, load());
      c.figures = {
        releaseSeconds: release.seconds,
        switchBackSeconds: back.seconds,
        greenImage: serviceImage(GREEN),
        greenRunning: runningTasks(GREEN),
        prioritiesAfterRelease: afterRelease,
        prioritiesAfterSwitchBack: afterSwitch,
        workerImageAfterSwitchBack: serviceImage(`${STACK}_worker`),
        failed: d.failed,
      };
      expect(c, release.code === 0, `the blue-green release exited ${release.code}`);
      expect(c, /tasks ready/.test(release.out), 'the standby tasks were not checked');
      expect(
        c,
        serviceImage(GREEN) === tagged(IMG.lab3()) && runningTasks(GREEN) === 3,
        'green does not run 3 new tasks',
      );
      expect(
        c,
        afterRelease.green > afterRelease.blue,
        `green not live after the release: ${JSON.stringify(afterRelease)}`,
      );
      expect(
        c,
        back.code === 0 && afterSwitch.blue > afterSwitch.green,
        `switch back: ${JSON.stringify(afterSwitch)}`,
      );
      expect(c, taskIds(GREEN) === greenTasks && taskIds(API) === blueTasks, 'a switch restarted tasks');
      expect(
        c,
        serviceImage(`${STACK}_worker`) === serviceImage(API),
        'the worker does not follow the live colour',
      );
      expect(c, d.failed === 0, `${d.failed} requests failed`);
    },
  );

  await check(
    'app 7. the autoscaler scales the live api up one step from a Prometheus surge, restarting no task',
    async (c) => {
      const before = load();
      const from = replicas(API);
      // The real autoscaler (src/autoscaler.ts, one cycle) against this engine and a Prometheus stand-in reporting a
      // surge; the check asserts one +50 % step, an unchanged spec and no replaced task (test/lab/autoscaler-check.ts).
      // Its Docker client speaks to a unix socket or TCP: the manager's socket, forwarded over SSH.
      const socket = await forwardedSocket(currentManager());
      const run = sh(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', join(root, 'test', 'lab', 'autoscaler-check.ts'), API],
        { env: { ...env, DOCKER_HOST: `unix://${socket.path}` } },
      );
      socket.close();
      const report = JSON.parse(run.stdout.trim().split('\n').pop() || '{}') as {
        after?: number;
        expected?: number;
        problems?: string[];
      };
      const scaledAt = Date.now();
      await until(
        `${report.after ?? '?'} tasks of ${API} running`,
        90_000,
        () => runningTasks(API) === report.after,
      );
      const secondsUntilRunning = seconds(scaledAt);
      docker('service', 'scale', '--detach', `${API}=${from}`);
      await until(`${API} back to ${from} tasks`, 90_000, () => runningTasks(API) === from);
      await sleep(3000);
      const d = delta(before, load());
      c.figures = {
        from,
        to: report.after,
        expected: report.expected,
        secondsUntilRunning,
        problems: report.problems,
        requests: d.ok + d.failed,
        failed: d.failed,
      };
      expect(c, run.code === 0, `autoscaler check: ${(report.problems ?? [run.out]).join('; ')}`);
      expect(c, d.failed === 0, `${d.failed} requests failed while scaling`);
    },
  );

  // Issue 16: the database survives losing its primary's node, its PostgreSQL, its Patroni, an etcd member; a planned
  // switchover; the old primary rejoins by itself.
  console.log('\n=== lab set-up: the Patroni cluster with a synchronous standby');
  figures.databaseReady = await clusterReady(600_000);
  console.log(`  ${JSON.stringify(figures.databaseReady)}`);
  await check(
    'failover 4. a planned switchover under checkout load (the documented one-liner): failed writes counted, none lost',
    plannedSwitchover,
  );
  await check(
    "failover 1. the primary's node killed under checkout load: writes on the new primary within 60 s, no acknowledged order lost",
    primaryNodeKilled,
  );
  await check(
    'failover 5. the old primary comes back and rejoins as a replica by itself; a restore after the failover has every order',
    (c) => oldPrimaryRejoins(c, drillLatest),
  );
  await check(
    "failover 2. the primary's PostgreSQL killed, then its Patroni frozen: the same figures, no acknowledged order lost",
    processFailures,
  );
  await check('failover 3. one etcd member away for 30 s: no failover, no failed checkout', etcdMemberLost);

  // Issue 15: the backups restore, to the second, from either region, through an S3 outage and a lost node.
  console.log('\n=== lab set-up: the first full backups');
  figures.backupsReady = await backupsReady();
  console.log(`  ${JSON.stringify(figures.backupsReady)}`);
  // The RPO first, in the shop's ordinary state: measured right after check 6's restore in place it was worse (no
  // segment archived for about two minutes on the new timeline; docs/backups.md, "What is not proven here").
  await check(
    'backups 2. the database node killed under checkout load: the orders the archive cannot restore (RPO)',
    databaseNodeLost,
  );
  await check(
    'backups 1. point in time: orders before the target restored, after it not (today, and before the latest full)',
    pointInTime,
  );
  await check(
    'backups 3. S3 away for 2.5 minutes: orders go on, WAL queues locally and shows in the metrics, all ships after, a restore has every order',
    s3Outage,
  );
  await check(
    "backups 4. a restore from the second region alone, the first region's bucket deleted",
    secondRegion,
  );
  await check(
    'backups 5. the restore drill on a realistic database (10,000 products, 50,000 customers, 100,000 orders)',
    realisticDrill,
  );
  await check(
    'backups 6. a migration that destroys data, then the documented return to the moment before it',
    (c) => badMigration(c, deploy),
  );

  // Issue 14: the servers under failure and change, with the load still on.
  // The database's primary on the edge node (pg1), which these checks never kill or drain: they measure the app tier.
  console.log('\n=== lab set-up: the database primary on pg1 (lab-wrk-2)');
  try {
    figures.primaryOnEdge = await primaryOn('pg1');
  } catch (err) {
    figures.primaryOnEdge = { error: String((err as Error).message) };
  }
  console.log(`  ${JSON.stringify(figures.primaryOnEdge)}`);
  await check(
    'provisioning 4. a killed worker host: its tasks run elsewhere within 30 s, no failed request',
    workerKilled,
  );
  await check(
    'provisioning 5. a killed leader manager: a new leader is elected, the shop keeps serving',
    leaderKilled,
  );
  await check(
    'provisioning 6. rolling maintenance of one node with the playbook: no failed request',
    rollingMaintenance,
  );
  await check('provisioning 7. a host added to the inventory joins with site.yml and receives tasks', (c) =>
    nodeAdded(c, serviceImage(API)),
  );

  const total = load();
  figures.load = {
    requests: total.ok + total.failed,
    failed: total.failed,
    retriedConnections: total.retried,
  };
  figures.checks = checks;
  console.log(
    '\nNot exercised here: Traefik v3 itself (no image can be pulled on this machine): HAProxy from Debian stands in' +
      ' for it at the edge (test/lab/edge.yml), and swarm/edge.yml is validated statically by `npm test`' +
      " (test/static/swarm.spec.ts). The load generator inside the edge network stands in for Traefik's task-mode" +
      ' routing and retries; app check 7 gives the real autoscaler a Prometheus stand-in. Real VMs would add kernel' +
      ' modules, kernel sysctls, reboots and encrypted overlays (this kernel has no IPsec): docs/provisioning.md.',
  );
  writeResults(checks, figures);
}

function writeResults(checks: Check[], figures: Record<string, unknown>): void {
  const passed = checks.filter((c) => c.passed).length;
  const failed = Math.max(CHECKS, checks.length) - passed;
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'lab.json'), JSON.stringify(figures, null, 2));
  writeFileSync(join(root, 'test-results', 'lab.summary.json'), JSON.stringify({ passed, failed }));
  console.log(`\nlab: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const done: Check[] = [];
main(done).catch((err: unknown) => {
  console.error(`lab: could not go on: ${(err as Error).stack ?? String(err)}`);
  writeResults(done, { error: String(err) });
});
