// What every lab check shares: running commands (on this machine, on a lab host's engine, on the swarm through a
// manager), waiting, the load generator's counters, the images in the lab registry, and the check record.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

export const root = join(__dirname, '..', '..');
export const STATE = '/tmp/dhakacart-lab';
export const ANSIBLE_DIR = join(root, 'ansible');
export const INVENTORY = join(ANSIBLE_DIR, 'inventories', 'lab', 'generated');
export const VAULT_PASS = join(INVENTORY, '.vault-pass');

/** The lab hosts (test/lab/cluster.sh): name -> address. */
export const HOSTS = {
  'lab-mgr-1': '10.231.0.11',
  'lab-mgr-2': '10.231.0.12',
  'lab-mgr-3': '10.231.0.13',
  'lab-wrk-1': '10.231.0.21',
  'lab-wrk-2': '10.231.0.22',
  'lab-wrk-3': '10.231.0.23',
  'lab-outside': '10.231.0.99',
} as const;
export type HostName = keyof typeof HOSTS;
export const MANAGERS: HostName[] = ['lab-mgr-1', 'lab-mgr-2', 'lab-mgr-3'];
/** The edge, db and monitoring host: never killed, so the load generator runs there. */
export const EDGE: HostName = 'lab-wrk-2';

export interface Check {
  name: string;
  passed: boolean;
  figures: Record<string, unknown>;
  problems: string[];
}
export interface LoadStats {
  t: number;
  ok: number;
  failed: number;
  retried: number;
  errors: Record<string, number>;
  versions: Record<string, number>;
  byAddress: Record<string, number>;
  addresses: string[];
}

/** Records a problem on the check when `ok` is false (a check passes when it has none). */
export const expect = (c: Check, ok: boolean, problem: string): void => {
  if (!ok) c.problems.push(problem);
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const seconds = (from: number): number => Math.round((Date.now() - from) / 100) / 10;

/** The environment of every command: DOCKER_HOST points at the manager the checks drive the swarm through. */
export const env: NodeJS.ProcessEnv = { ...process.env };
delete env.DOCKER_HOST;
export function useManager(host: HostName): void {
  env.DOCKER_HOST = `ssh://root@${HOSTS[host]}`;
  env.LAB_MANAGER = host;
}
export const currentManager = (): HostName => env.LAB_MANAGER as HostName;

export function sh(
  cmd: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): { code: number; out: string; stdout: string } {
  const r = spawnSync(cmd, args, {
    cwd: options.cwd ?? root,
    input: options.input,
    encoding: 'utf8',
    env: options.env ?? env,
    maxBuffer: 64 << 20,
    timeout: options.timeoutMs,
  });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}
/** docker on the swarm (through the current manager); throws on failure. */
export function docker(...args: string[]): string {
  const r = sh('docker', args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.out.trim()}`);
  return r.out.trim();
}
/** docker on one lab host's own engine. */
export function onHost(host: HostName, ...args: string[]): { code: number; out: string } {
  return sh('docker', args, { env: { ...env, DOCKER_HOST: `ssh://root@${HOSTS[host]}` } });
}
/** docker on this machine's engine (the lab hosts are its containers). */
export function outer(...args: string[]): { code: number; out: string } {
  const plain = { ...env };
  delete plain.DOCKER_HOST;
  return sh('docker', args, { env: plain });
}

export async function until(
  what: string,
  timeoutMs: number,
  test: () => boolean,
  everyMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let ok = false;
    try {
      ok = test();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The lab registry's references (test/lab/images.sh): e.g. image('api:lab-2') -> 10.231.0.1:5000/...@sha256:... */
const refs = (): Record<string, string> =>
  JSON.parse(readFileSync(join(STATE, 'images.json'), 'utf8')) as Record<string, string>;
export const image = (name: string): string => {
  const ref = refs()[`dhakacart/${name}`];
  if (!ref) throw new Error(`no image dhakacart/${name} in the lab registry`);
  return ref;
};
/** A reference without its digest, as `docker service inspect` shows it once the digest is stripped. */
export const tagged = (ref: string): string => ref.replace(/@sha256:.*/, '');

export const LOADGEN = 'dhakacart-lab-loadgen';
export function load(): LoadStats {
  const r = onHost(EDGE, 'logs', '--tail', '1', LOADGEN);
  const lines = r.out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as LoadStats;
}
export function delta(
  a: LoadStats,
  b: LoadStats,
): { ok: number; failed: number; retried: number; errors: object } {
  const errors: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.errors)) {
    if (v - (a.errors[k] ?? 0) > 0) errors[k] = v - (a.errors[k] ?? 0);
  }
  return { ok: b.ok - a.ok, failed: b.failed - a.failed, retried: b.retried - a.retried, errors };
}

export const runningTasks = (service: string): number =>
  docker('service', 'ps', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}', service)
    .split('\n')
    .filter((l) => l.startsWith('Running')).length;
/**
 * A container on the edge network of a lab host that runs one of test/lab's Node scripts (in the app's image, which
 * has Node): created, with the script copied in, not started.
 */
export function scriptContainer(
  host: HostName,
  name: string,
  script: string,
  args: string[],
  environment: Record<string, string>,
): void {
  onHost(host, 'rm', '-f', name);
  const created = onHost(
    host,
    'create',
    '--name',
    name,
    '--network',
    'dhakacart-edge',
    ...Object.entries(environment).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    image('api:lab-1'),
    'node',
    `/tmp/${script}`,
    ...args,
  );
  if (created.code !== 0) throw new Error(`${name}: ${created.out}`);
  onHost(host, 'cp', join(root, 'test', 'lab', script), `${name}:/tmp/${script}`);
}
/** `docker service ps` of a service's running tasks: one line each, in the format given (its current state appended). */
export const runningTaskLines = (service: string, format: string): string[] =>
  docker(
    'service',
    'ps',
    '--no-trunc',
    '--filter',
    'desired-state=running',
    '--format',
    `${format} {{.CurrentState}}`,
    service,
  )
    .split('\n')
    .filter((l) => / Running /.test(l));
/** One running task of a service: its node and its container (<task name>.<task id> on that node's engine). */
export function runningTask(service: string): { node: HostName; container: string } {
  const line = runningTaskLines(service, '{{.Node}} {{.Name}}.{{.ID}}')[0];
  if (!line) throw new Error(`no running task of ${service}`);
  const [node, container] = line.split(' ');
  return { node: node as HostName, container };
}
/** Nodes that run a task of the service now. */
export const taskNodes = (service: string): string[] =>
  docker(
    'service',
    'ps',
    '--filter',
    'desired-state=running',
    '--format',
    '{{.Node}} {{.CurrentState}}',
    service,
  )
    .split('\n')
    .filter((l) => l.includes(' Running'))
    .map((l) => l.split(' ')[0]);

/** ansible-playbook from ansible/ with the lab inventory and vault; returns its exit code, output and time. */
export function playbook(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): { code: number; out: string; seconds: number } {
  const started = Date.now();
  const r = sh('ansible-playbook', ['-i', INVENTORY, ...args], {
    cwd: ANSIBLE_DIR,
    env: {
      ...env,
      ANSIBLE_VAULT_PASSWORD_FILE: VAULT_PASS,
      ANSIBLE_FORCE_COLOR: '0',
      DHAKACART_IMAGE: image('api:lab-1'),
      LAB_POSTGRES_IMAGE: image('postgres:lab'),
      LAB_ETCD_IMAGE: image('etcd:lab'),
      LAB_DATA_IMAGE: image('lab-data:bookworm'),
      LAB_EDGE_IMAGE: image('lab-edge:bookworm'),
      ...extraEnv,
    },
  });
  return { ...r, seconds: seconds(started) };
}
/** PLAY RECAP of an ansible-playbook run: host -> counters. */
export function recap(out: string): Record<string, Record<string, number>> {
  const hosts: Record<string, Record<string, number>> = {};
  const section = out.slice(out.lastIndexOf('PLAY RECAP'));
  for (const line of section.split('\n').slice(1)) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    hosts[m[1]] = Object.fromEntries(
      [...m[2].matchAll(/(\w+)=(\d+)/g)].map(([, k, v]) => [k, Number(v)] as [string, number]),
    );
  }
  return hosts;
}
export const tail = (text: string, lines = 25): string =>
  text.trim().split('\n').slice(-lines).join('\n').replace(/^/gm, '    ');

let vaultCache: Record<string, string> | undefined;
/** A value of the lab's generated vault (test/lab/cluster.sh), decrypted with its generated password. */
export function labVault(name: string): string {
  if (!vaultCache) {
    const r = sh('ansible-vault', [
      'view',
      '--vault-password-file',
      VAULT_PASS,
      join(INVENTORY, 'group_vars', 'all', 'vault.yml'),
    ]);
    if (r.code !== 0) throw new Error(`ansible-vault view: ${r.out}`);
    vaultCache = parse(r.stdout) as Record<string, string>;
  }
  const value = vaultCache[name];
  if (value === undefined) throw new Error(`the lab vault has no ${name}`);
  return value;
}
