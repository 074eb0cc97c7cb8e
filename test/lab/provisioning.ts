// Issue 14's checks of the servers themselves, on the lab cluster: provisioning from bare hosts, idempotence, the
// firewall, a killed worker, a killed leader, rolling maintenance and a new host. Each records what it measured.
import { join } from 'node:path';

import {
  Check,
  EDGE,
  HOSTS,
  HostName,
  MANAGERS,
  currentManager,
  delta,
  docker,
  expect,
  load,
  onHost,
  outer,
  playbook,
  recap,
  root,
  runningTasks,
  seconds,
  sh,
  sleep,
  tail,
  taskNodes,
  until,
  useManager,
} from './kit';

const API = 'dhakacart_api-blue';
const PROVISIONED: HostName[] = ['lab-mgr-1', 'lab-mgr-2', 'lab-mgr-3', 'lab-wrk-1', 'lab-wrk-2'];

interface NodeRow {
  host: string;
  status: string;
  availability: string;
  manager: string;
}
function nodes(): NodeRow[] {
  return docker('node', 'ls', '--format', '{{.Hostname}}|{{.Status}}|{{.Availability}}|{{.ManagerStatus}}')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [host, status, availability, manager] = l.split('|');
      return { host, status, availability, manager };
    });
}
const leader = (): string => nodes().find((n) => n.manager === 'Leader')?.host ?? '';
const nodeStatus = (host: string): string => nodes().find((n) => n.host === host)?.status ?? 'absent';

function curl(url: string): { code: number; status: string; body: string } {
  const r = sh('curl', ['-sk', '-m', '5', '-w', '\n%{http_code}', url]);
  const lines = r.stdout.trimEnd().split('\n');
  return { code: r.code, status: lines.pop() ?? '', body: lines.join('\n') };
}

function failures(out: string): string {
  return tail(
    out
      .split('\n')
      .filter((l) => /fatal|FAILED!|ERROR|msg:|stderr/.test(l))
      .join('\n'),
    30,
  );
}

export function provisionFromBare(c: Check): void {
  const r = playbook(['site.yml']);
  const hosts = recap(r.out);
  c.figures = { seconds: r.seconds, exit: r.code, hosts: Object.keys(hosts).length };
  expect(c, r.code === 0, `site.yml exited ${r.code}:\n${failures(r.out)}`);
  expect(
    c,
    PROVISIONED.every((h) => hosts[h] && hosts[h].failed === 0 && hosts[h].unreachable === 0),
    `not every host provisioned: ${JSON.stringify(hosts)}`,
  );
  expect(c, r.seconds <= 30 * 60, `provisioning took ${r.seconds} s (requirement 30 minutes)`);
  if (r.code !== 0) return;
  useManager('lab-mgr-1');
  // The shop through the edge, from outside the swarm: HTTP and HTTPS on the edge host's address.
  const list = curl(`http://${HOSTS[EDGE]}/api/v1/products?limit=1`);
  const ready = curl(`https://${HOSTS[EDGE]}/health/ready`);
  c.figures.edgeHttp = list.status;
  c.figures.edgeHttps = ready.status;
  expect(
    c,
    list.status === '200' && /"items"|"data"|\[/.test(list.body),
    `GET /api/v1/products -> ${list.status}`,
  );
  expect(c, ready.status === '200', `HTTPS /health/ready -> ${ready.status}`);
  // The swarm the inventory describes.
  const rows = nodes();
  const spec = JSON.parse(docker('info', '-f', '{{json .Swarm.Cluster.Spec}}')) as {
    Dispatcher?: { HeartbeatPeriod?: number };
    EncryptionConfig?: { AutoLockManagers?: boolean };
  };
  const labels = JSON.parse(docker('node', 'inspect', '-f', '{{json .Spec.Labels}}', EDGE)) as Record<
    string,
    string
  >;
  c.figures.nodes = rows.map((n) => `${n.host} ${n.status} ${n.manager || 'worker'}`);
  c.figures.autolock = spec.EncryptionConfig?.AutoLockManagers;
  c.figures.heartbeatSeconds = (spec.Dispatcher?.HeartbeatPeriod ?? 0) / 1e9;
  expect(c, rows.length === 5 && rows.every((n) => n.status === 'Ready'), `nodes: ${JSON.stringify(rows)}`);
  expect(c, rows.filter((n) => n.manager !== '').length === 3, 'not 3 managers');
  expect(c, spec.EncryptionConfig?.AutoLockManagers === true, 'autolock is off');
  expect(c, c.figures.heartbeatSeconds === 2, `dispatcher heartbeat ${String(c.figures.heartbeatSeconds)} s`);
  expect(
    c,
    labels['dhakacart.edge'] === 'true' && labels['dhakacart.db'] === 'true' && labels.zone === 'lab-b',
    `labels of ${EDGE}: ${JSON.stringify(labels)}`,
  );
  // What the base and firewall roles left on every host.
  const hostState = PROVISIONED.map((h) => {
    const s = outer(
      'exec',
      h,
      'sh',
      '-c',
      'sysctl -n net.ipv4.ip_forward; nft list table inet dhakacart >/dev/null && echo nft; ' +
        'sshd -T | grep -E "^(passwordauthentication|permitrootlogin) "; dpkg-query -W -f "\\${Status}\\n" docker.io',
    ).out;
    return {
      h,
      ok: /^1\nnft\n/.test(s) && /passwordauthentication no/.test(s) && /hold ok installed/.test(s),
      s,
    };
  });
  c.figures.hostsHardened = hostState.filter((s) => s.ok).length;
  for (const s of hostState.filter((x) => !x.ok)) c.problems.push(`${s.h}: ${s.s.replace(/\n/g, ' | ')}`);
}

export function idempotent(c: Check): void {
  const again = playbook(['site.yml']);
  const check = playbook(['site.yml', '--check', '--diff']);
  const changed = (out: string): Record<string, number> =>
    Object.fromEntries(Object.entries(recap(out)).map(([h, r]) => [h, r.changed]));
  c.figures = {
    secondRunSeconds: again.seconds,
    secondRunChanged: changed(again.out),
    checkDiffSeconds: check.seconds,
    checkDiffChanged: changed(check.out),
  };
  for (const [name, run] of [
    ['second run', again],
    ['--check --diff', check],
  ] as const) {
    const counts = changed(run.out);
    expect(c, run.code === 0, `${name} exited ${run.code}:\n${failures(run.out)}`);
    expect(
      c,
      Object.keys(counts).length === PROVISIONED.length,
      `${name}: recap of ${Object.keys(counts).length} hosts`,
    );
    const dirty = Object.entries(counts).filter(([, n]) => n !== 0);
    if (dirty.length > 0) {
      const tasks = run.out
        .split(/\n(?=TASK )/)
        .filter((block) => /\nchanged: /.test(block))
        .map((block) => block.split('\n')[0]);
      c.problems.push(`${name} changed ${JSON.stringify(Object.fromEntries(dirty))} in: ${tasks.join('; ')}`);
    }
  }
}

const PROBE_PORTS = [22, 80, 443, 2375, 2376, 2377, 3000, 5432, 6379, 7946, 8404, 9323];
/** From a host: "<ip> <port> open|refused|dropped" for every target port (in parallel; dropped = no answer in 3 s). */
function probe(from: HostName, targets: string[], ports: number[]): Map<string, string> {
  const script = targets
    .flatMap((ip) =>
      ports.map(
        (p) =>
          `( timeout 3 bash -c 'exec 3<>/dev/tcp/${ip}/${p}' 2>/dev/null; rc=$?; ` +
          `if [ $rc -eq 0 ]; then s=open; elif [ $rc -eq 124 ]; then s=dropped; else s=refused; fi; echo "${ip} ${p} $s" ) &`,
      ),
    )
    .join('\n');
  const out = outer('exec', from, 'bash', '-c', `${script}\nwait`).out;
  const result = new Map<string, string>();
  for (const line of out.trim().split('\n')) {
    const [ip, port, state] = line.split(' ');
    if (state) result.set(`${ip}:${port}`, state);
  }
  return result;
}
const dropCounter = (host: HostName): number =>
  Number(
    /counter packets (\d+) bytes \d+ drop/.exec(
      outer('exec', host, 'nft', 'list', 'chain', 'inet', 'dhakacart', 'input').out,
    )?.[1] ?? -1,
  );

export async function firewall(c: Check): Promise<void> {
  const targets = PROVISIONED.map((h) => HOSTS[h]);
  const dropsBefore = PROVISIONED.map(dropCounter);
  const outside = probe('lab-outside', targets, PROBE_PORTS);
  // UDP has no handshake to observe: send Swarm's gossip and VXLAN ports a datagram and count it in the drop counter.
  outer(
    'exec',
    'lab-outside',
    'bash',
    '-c',
    targets.map((ip) => `echo x > /dev/udp/${ip}/7946; echo x > /dev/udp/${ip}/4789`).join('; '),
  );
  await sleep(500);
  const dropsAfter = PROVISIONED.map(dropCounter);
  const open = [...outside]
    .filter(([, s]) => s === 'open')
    .map(([k]) => k)
    .sort();
  const refused = [...outside].filter(([, s]) => s === 'refused').map(([k]) => k);
  const edgeOpen = [`${HOSTS[EDGE]}:443`, `${HOSTS[EDGE]}:80`].sort();
  // Positive controls: the same probes from inside the cluster and from the admin address do get through.
  const fromManager = probe('lab-mgr-2', [HOSTS['lab-mgr-1']], [2377, 7946, 9323]);
  const adminSsh = sh('bash', [
    '-c',
    targets.map((ip) => `timeout 3 bash -c 'exec 3<>/dev/tcp/${ip}/22'`).join(' && '),
  ]);
  const password = targets.map((ip) =>
    sh('ssh', [
      '-o',
      'ControlPath=none',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'BatchMode=yes',
      '-o',
      'PreferredAuthentications=password,keyboard-interactive',
      '-o',
      'NumberOfPasswordPrompts=0',
      '-o',
      'ConnectTimeout=5',
      `root@${ip}`,
      'true',
    ]),
  );
  c.figures = {
    probes: outside.size,
    openFromOutside: open,
    refusedFromOutside: refused.length,
    droppedFromOutside: [...outside.values()].filter((s) => s === 'dropped').length,
    dropCounterIncrease: dropsAfter.map((n, i) => n - dropsBefore[i]),
    fromAManager: Object.fromEntries(fromManager),
    sshPasswordAnswers: [...new Set(password.map((p) => p.out.trim().split('\n').pop()))],
  };
  expect(c, outside.size === targets.length * PROBE_PORTS.length, `${outside.size} probe results`);
  expect(c, JSON.stringify(open) === JSON.stringify(edgeOpen), `open from outside: ${open.join(', ')}`);
  expect(c, refused.length === 0, `refused (not dropped) from outside: ${refused.join(', ')}`);
  expect(
    c,
    dropsAfter.every((n, i) => n - dropsBefore[i] >= PROBE_PORTS.length),
    `drop counters: ${JSON.stringify(c.figures.dropCounterIncrease)}`,
  );
  expect(
    c,
    [...fromManager.values()].every((s) => s === 'open'),
    `from a manager: ${JSON.stringify(c.figures.fromAManager)}`,
  );
  expect(c, adminSsh.code === 0, 'SSH is not open to the admin address');
  expect(
    c,
    password.every((p) => p.code !== 0 && /Permission denied \(publickey\)/.test(p.out)),
    `SSH with a password: ${JSON.stringify(c.figures.sshPasswordAnswers)}`,
  );
}

/** Scales the api to n and waits for n running tasks. */
async function scaleApi(n: number): Promise<void> {
  docker('service', 'scale', '--detach', `${API}=${n}`);
  await until(`${n} running tasks of ${API}`, 120_000, () => runningTasks(API) === n);
}

async function waitForSsh(host: HostName): Promise<void> {
  await until(
    `${host} to answer on SSH`,
    120_000,
    () =>
      sh('ssh', ['-o', 'ConnectTimeout=2', `root@${HOSTS[host]}`, 'true'], { timeoutMs: 10_000 }).code === 0,
    1000,
  );
}

export async function workerKilled(c: Check): Promise<void> {
  const victim: HostName = 'lab-wrk-1';
  // 4 tasks over zones a, b, c: which zone gets the fourth is Swarm's tie-break, so when it is not zone a (lab-mgr-1
  // and the victim), 6 tasks make it two per zone, one on each of zone a's two app hosts.
  let tasks = 4;
  await scaleApi(tasks);
  if (!taskNodes(API).includes(victim)) await scaleApi((tasks = 6));
  const onVictim = taskNodes(API).filter((n) => n === victim).length;
  expect(c, onVictim > 0, `no api task on ${victim} before the kill: ${taskNodes(API).join(', ')}`);
  const before = load();
  const killedAt = Date.now();
  outer('kill', victim);
  let downAfter = 0;
  let replacedAfter = 0;
  await until(
    'the victim down and its tasks running elsewhere',
    90_000,
    () => {
      if (!downAfter && nodeStatus(victim) === 'Down') downAfter = seconds(killedAt);
      const where = taskNodes(API);
      if (!replacedAfter && where.length === tasks && !where.includes(victim)) replacedAfter = seconds(killedAt);
      return downAfter > 0 && replacedAfter > 0;
    },
    250,
  );
  await sleep(3000);
  const d = delta(before, load());
  outer('start', victim);
  const restartedAt = Date.now();
  await waitForSsh(victim);
  await until(`${victim} ready again`, 120_000, () => nodeStatus(victim) === 'Ready');
  c.figures = {
    apiTasks: tasks,
    apiTasksOnVictim: onVictim,
    secondsUntilNodeDown: downAfter,
    secondsUntilTasksRunningElsewhere: replacedAfter,
    requests: d.ok + d.failed,
    failed: d.failed,
    retriedConnections: d.retried,
    errors: d.errors,
    secondsUntilRejoined: seconds(restartedAt),
  };
  expect(c, replacedAfter > 0 && replacedAfter <= 30, `tasks ran elsewhere after ${replacedAfter} s`);
  expect(c, d.failed === 0, `${d.failed} requests failed: ${JSON.stringify(d.errors)}`);
  await scaleApi(3);
}

export async function leaderKilled(c: Check): Promise<void> {
  const old = leader() as HostName;
  if (currentManager() === old) useManager(MANAGERS.find((m) => m !== old) ?? 'lab-mgr-2');
  const apiOnLeader = taskNodes(API).filter((n) => n === old).length;
  const before = load();
  const killedAt = Date.now();
  outer('kill', old);
  let electedAfter = 0;
  let newLeader = '';
  await until(
    'a new leader',
    90_000,
    () => {
      newLeader = leader();
      if (newLeader && newLeader !== old) electedAfter = seconds(killedAt);
      return electedAfter > 0;
    },
    250,
  );
  let tasksAfter = 0;
  await until(
    `${API} running 3 tasks without ${old}`,
    90_000,
    () => {
      const where = taskNodes(API);
      return where.length === 3 && !where.includes(old);
    },
    250,
  );
  tasksAfter = seconds(killedAt);
  await sleep(3000);
  const d = delta(before, load());
  // The old leader comes back locked (autolock): the operator's playbook unlocks it from the vault.
  outer('start', old);
  const restartedAt = Date.now();
  await waitForSsh(old);
  await until(`${old}'s engine`, 60_000, () => onHost(old, 'info').code === 0, 1000);
  const locked = onHost(old, 'info', '-f', '{{.Swarm.LocalNodeState}}').out.trim();
  const unlock = playbook(['playbooks/unlock-managers.yml']);
  await until(`${old} ready again as a manager`, 120_000, () => {
    const row = nodes().find((n) => n.host === old);
    return row?.status === 'Ready' && row.manager === 'Reachable';
  });
  c.figures = {
    killed: old,
    newLeader,
    apiTasksOnOldLeader: apiOnLeader,
    secondsUntilNewLeader: electedAfter,
    secondsUntilApiTasksElsewhere: tasksAfter,
    requests: d.ok + d.failed,
    failed: d.failed,
    errors: d.errors,
    retriedConnections: d.retried,
    stateAfterRestart: locked,
    unlockPlaybookSeconds: unlock.seconds,
    secondsUntilBackAsManager: seconds(restartedAt),
  };
  expect(c, electedAfter > 0 && electedAfter <= 60, `new leader after ${electedAfter} s`);
  // Keeps serving: requests went on succeeding throughout. Not zero failures: while Raft elects a leader, a task the
  // swarm starts can briefly fail to resolve the database's name (seen: 18 of 17,899, HTTP 500 "ENOTFOUND
  // lab-postgres"); docs/provisioning.md has the finding and what should follow.
  expect(c, d.ok > 1000, `only ${d.ok} requests succeeded while the leader was replaced`);
  expect(
    c,
    d.failed <= (d.ok + d.failed) * 0.01,
    `${d.failed} of ${d.ok + d.failed} requests failed (more than 1 %): ${JSON.stringify(d.errors)}`,
  );
  expect(c, locked === 'locked', `the restarted manager was '${locked}', not locked (autolock)`);
  expect(c, unlock.code === 0, `unlock-managers.yml exited ${unlock.code}:\n${failures(unlock.out)}`);
}

export async function rollingMaintenance(c: Check): Promise<void> {
  // A node that runs an api task, so the drain really moves work (not the manager the checks talk through).
  const target = (taskNodes(API).find((n) => n !== currentManager() && n !== EDGE) ??
    'lab-wrk-1') as HostName;
  const tasksBefore = taskNodes(API).filter((n) => n === target).length;
  const before = load();
  const run = playbook(['playbooks/rolling-maintenance.yml', '-l', target]);
  await sleep(3000);
  const d = delta(before, load());
  const row = nodes().find((n) => n.host === target);
  c.figures = {
    node: target,
    apiTasksOnItBefore: tasksBefore,
    seconds: run.seconds,
    exit: run.code,
    requests: d.ok + d.failed,
    failed: d.failed,
    retriedConnections: d.retried,
    nodeAfter: row,
    apiRunning: runningTasks(API),
  };
  expect(c, run.code === 0, `rolling-maintenance.yml exited ${run.code}:\n${failures(run.out)}`);
  expect(c, tasksBefore > 0, `${target} ran no api task: the drain moved nothing`);
  expect(c, d.failed === 0, `${d.failed} requests failed: ${JSON.stringify(d.errors)}`);
  expect(
    c,
    row?.status === 'Ready' && row.availability === 'Active',
    `${target} after: ${JSON.stringify(row)}`,
  );
  expect(c, runningTasks(API) === 3, `${runningTasks(API)} api tasks running`);
}

export async function nodeAdded(c: Check, liveImage: string): Promise<void> {
  const spare: HostName = 'lab-wrk-3';
  const inv = sh('bash', [join(root, 'test', 'lab', 'cluster.sh'), 'inventory', '--with-spare']);
  expect(c, inv.code === 0, `cluster.sh inventory: ${inv.out}`);
  const run = playbook(['site.yml'], { DHAKACART_IMAGE: liveImage });
  const joined = nodes().find((n) => n.host === spare);
  const labels = joined
    ? (JSON.parse(docker('node', 'inspect', '-f', '{{json .Spec.Labels}}', spare)) as Record<string, string>)
    : {};
  const started = Date.now();
  await scaleApi(6);
  const placed = taskNodes(API).filter((n) => n === spare).length;
  c.figures = {
    siteSeconds: run.seconds,
    exit: run.code,
    changedPerHost: Object.fromEntries(Object.entries(recap(run.out)).map(([h, r]) => [h, r.changed])),
    node: joined,
    labels,
    apiTasksOnNewNodeAt6: placed,
    secondsUntil6Running: seconds(started),
  };
  expect(c, run.code === 0, `site.yml exited ${run.code}:\n${failures(run.out)}`);
  expect(c, joined?.status === 'Ready', `${spare}: ${JSON.stringify(joined)}`);
  expect(
    c,
    labels['dhakacart.app'] === 'true' && labels.zone === 'lab-c',
    `labels: ${JSON.stringify(labels)}`,
  );
  expect(c, placed > 0, `no api task on ${spare} at 6 replicas: ${taskNodes(API).join(', ')}`);
  await scaleApi(3);
}
