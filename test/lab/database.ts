// The Patroni cluster as the lab checks see it (swarm/data.yml: members pg1 and pg2, etcd1-3, HAProxy `postgres`,
// a backup sidecar beside each member): which member is the primary, SQL on it, commands in a member's container.
import { HOSTS, HostName, env, runningTask, sh } from './kit';

export const DATA = 'dhakacart-data';
export const MEMBERS = ['pg1', 'pg2'] as const;
export type Member = (typeof MEMBERS)[number];
/** The backup sidecar beside a member (same node, same volumes). */
export const sidecarOf = (m: Member): string => (m === 'pg1' ? 'backup1' : 'backup2');

export const task = (service: string): { node: HostName; container: string } => runningTask(`${DATA}_${service}`);

/** Runs a command in a data-stack task's container. */
export function execIn(
  service: string,
  args: string[],
  input?: string,
  timeoutMs = 30 * 60_000,
): { code: number; out: string; stdout: string } {
  const t = task(service);
  return sh('docker', ['exec', ...(input === undefined ? [] : ['-i']), t.container, ...args], {
    env: { ...env, DOCKER_HOST: `ssh://root@${HOSTS[t.node]}` },
    input,
    timeoutMs,
  });
}

// psql on a member through its socket, as the sidecar connects.
export const PSQL = ['psql', '-h', '/var/run/postgresql', '-U', 'dhakacart', '-d', 'dhakacart', '-X', '-v', 'ON_ERROR_STOP=1'];

/** One row of `patronictl list`. */
export interface MemberState {
  Member: string;
  Role: string;
  State: string;
  TL?: number;
  'Lag in MB'?: number | string;
}
/** Patroni's view of the cluster, from the first member that answers ([] when none does). */
export function cluster(): MemberState[] {
  for (const m of MEMBERS) {
    try {
      const r = execIn(m, ['patronictl', '-c', '/tmp/patroni.yml', 'list', '-f', 'json'], undefined, 15_000);
      if (r.code === 0) return JSON.parse(r.stdout) as MemberState[];
    } catch {
      // no running task of this member: ask the other
    }
  }
  return [];
}
/** The member Patroni reports as the running leader (throws when there is none). */
export function primary(): Member {
  const leader = cluster().find((x) => x.Role === 'Leader' && x.State === 'running');
  if (!leader) throw new Error('no running primary');
  return leader.Member as Member;
}

/** psql on a member; throws on failure. */
export function memberSql(m: Member, sql: string, timeoutMs = 30 * 60_000): string {
  const r = execIn(m, [...PSQL, '-Atq', '-c', sql], undefined, timeoutMs);
  if (r.code !== 0) throw new Error(`psql on ${m}: ${r.out.trim()}`);
  return r.stdout.trim();
}

/** psql on the live database: the primary, through its socket. */
export function liveSql(sql: string): string {
  return memberSql(primary(), sql);
}
