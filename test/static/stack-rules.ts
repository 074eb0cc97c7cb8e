import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A parsed compose / stack file (merge keys resolved). */
export type Doc = {
  services?: Record<string, Service>;
  networks?: Record<string, { external?: boolean; internal?: boolean; name?: string } | null>;
  secrets?: Record<string, { external?: boolean; name?: string; file?: string }>;
};
type Service = Record<string, unknown> & {
  deploy?: Record<string, unknown>;
  environment?: Record<string, unknown> | string[];
  healthcheck?: {
    disable?: boolean;
    test?: unknown;
    interval?: string;
    retries?: number;
    start_period?: string;
  };
  ports?: unknown[];
  secrets?: (string | { source: string; target?: string })[];
};

/** A scalar as text ('' for anything else). */
export function str(x: unknown): string {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : '';
}

export function loadYaml(path: string): Doc {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as Doc;
}

/** "1m30s", "35s", "100ms", "2h" -> milliseconds; a bare number is nanoseconds (compose) and is refused. */
export function durationMs(value: unknown): number {
  const text = str(value);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`not a duration: "${text}"`);
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

export function envOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((e) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, ''] : [e.slice(0, i), e.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, str(v)]));
}

export function labelsOf(labels: unknown): Record<string, string> {
  if (Array.isArray(labels)) {
    return Object.fromEntries(
      labels.map((l: string) => {
        const i = l.indexOf('=');
        return [l.slice(0, i), l.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k, String(v)]));
}

export const isJob = (s: Service): boolean => /^(replicated|global)-job$/.test(str(s.deploy?.mode));
export const isAppService = (name: string): boolean => /^api-|^worker$/.test(name);

const SECRET_KEY = /PASSWORD|SECRET|TOKEN|KEY|_URL/i;
// Addresses of our own internal services, known to carry no credentials (the URL check below still applies).
const NOT_SECRET = new Set(['PROMETHEUS_URL']);
const CREDENTIALS_IN_URL = /:\/\/[^/\s:@]+:[^/\s@]+@/;

/** A secret's external name is versioned: `..._v3`, also as the default of a `${VAR:-..._v1}`. */
export function isVersionedName(name: string | undefined): boolean {
  if (!name) return false;
  const m = /^\$\{[A-Z0-9_]+:?-(.+)\}$/.exec(name);
  return /_v\d+$/.test(m ? m[1] : name);
}

/** Every rule a service of a stack file breaks, as readable sentences (empty: it complies). */
export function serviceViolations(file: string, name: string, s: Service, doc: Doc): string[] {
  const v: string[] = [];
  const at = `${file} ${name}`;
  const deploy = s.deploy ?? {};
  const job = isJob(s);
  const hc = s.healthcheck;
  const update = deploy.update_config as Record<string, unknown> | undefined;
  const resources = deploy.resources as { limits?: object; reservations?: object } | undefined;

  if (!job && (!hc || hc.disable || !hc.test)) v.push(`${at}: no healthcheck`);
  if (!resources?.limits || Object.keys(resources.limits).length === 0) v.push(`${at}: no resource limits`);
  if (!resources?.reservations || Object.keys(resources.reservations).length === 0) {
    v.push(`${at}: no resource reservations`);
  }
  if (!deploy.restart_policy) v.push(`${at}: no restart_policy`);
  if (!job) {
    if (!update) v.push(`${at}: no update_config`);
    else if (!update.failure_action) v.push(`${at}: update_config without failure_action`);
    if (!deploy.rollback_config) v.push(`${at}: no rollback_config`);
  }
  const hostPorts = (s.ports ?? []).some(
    (p) => typeof p === 'object' && (p as { mode?: string }).mode === 'host',
  );
  if (hostPorts && update?.order !== 'stop-first') {
    v.push(`${at}: publishes host ports but update order is not stop-first`);
  }
  if (!deploy.placement) v.push(`${at}: no placement`);

  const env = envOf(s);
  for (const [key, value] of Object.entries(env)) {
    if (SECRET_KEY.test(key) && !NOT_SECRET.has(key) && !(/_FILE$/.test(key) && value.startsWith('/'))) {
      v.push(`${at}: environment ${key} looks like a secret (use ${key}_FILE and a Docker secret)`);
    }
    if (CREDENTIALS_IN_URL.test(value)) v.push(`${at}: environment ${key} holds credentials in a URL`);
  }

  if (isAppService(name)) {
    if (s.init !== true) v.push(`${at}: init is not true`);
    const drain = Number(env.SHUTDOWN_DRAIN_MS);
    if (!Number.isFinite(drain) || env.SHUTDOWN_DRAIN_MS === undefined) v.push(`${at}: no SHUTDOWN_DRAIN_MS`);
    else if (!(durationMs(s.stop_grace_period ?? '10s') > drain)) {
      v.push(
        `${at}: stop_grace_period ${String(s.stop_grace_period)} is not longer than SHUTDOWN_DRAIN_MS ${drain}`,
      );
    }
    if (update) {
      if (update.parallelism !== 1) v.push(`${at}: update parallelism is not 1`);
      if (update.order !== 'start-first') v.push(`${at}: update order is not start-first`);
      if (update.failure_action !== 'rollback') v.push(`${at}: update failure_action is not rollback`);
      if (hc?.interval && hc.retries !== undefined) {
        const needed = durationMs(hc.start_period ?? '0s') + durationMs(hc.interval) * hc.retries;
        if (!(durationMs(update.monitor ?? '5s') >= needed)) {
          v.push(
            `${at}: update monitor ${String(update.monitor)} < start_period + interval x retries (${needed} ms)`,
          );
        }
      }
    }
    const preferences = (deploy.placement as { preferences?: unknown[] } | undefined)?.preferences;
    if (!preferences?.length) v.push(`${at}: no placement preferences`);
    if (!s.secrets?.length) v.push(`${at}: no secrets`);
    for (const ref of s.secrets ?? []) {
      const source = typeof ref === 'string' ? ref : ref.source;
      const target = typeof ref === 'string' ? ref : (ref.target ?? ref.source);
      const def = doc.secrets?.[source];
      if (!def?.external || !isVersionedName(def.name)) {
        v.push(`${at}: secret ${source} is not an external secret with a versioned name`);
      }
      const path = target.startsWith('/') ? target : `/run/secrets/${target}`;
      if (!Object.entries(env).some(([k, value]) => /_FILE$/.test(k) && value === path)) {
        v.push(`${at}: secret ${source} is not read through a *_FILE variable`);
      }
    }
  }

  const labels = { ...labelsOf(s.labels), ...labelsOf(deploy.labels) };
  v.push(...traefikLabelViolations(at, labels));
  return v;
}

export function traefikLabelViolations(at: string, labels: Record<string, string>): string[] {
  const v: string[] = [];
  const keys = Object.keys(labels);
  if (keys.some((k) => k.startsWith('traefik.docker.')) && keys.some((k) => k.startsWith('traefik.swarm.'))) {
    v.push(`${at}: mixes traefik.docker.* and traefik.swarm.* labels (Traefik skips such a service)`);
  }
  const routers = new Set(keys.map((k) => /^traefik\.http\.routers\.([^.]+)\./.exec(k)?.[1]).filter(Boolean));
  const services = new Set(
    keys.map((k) => /^traefik\.http\.services\.([^.]+)\./.exec(k)?.[1]).filter(Boolean),
  );
  for (const r of routers) {
    if (!labels[`traefik.http.routers.${r}.entrypoints`]) v.push(`${at}: router ${r} has no entrypoints`);
    const target =
      labels[`traefik.http.routers.${r}.service`] ?? (services.size === 1 ? [...services][0] : undefined);
    if (!target) v.push(`${at}: router ${r} names no service`);
    else if (!labels[`traefik.http.services.${target}.loadbalancer.server.port`]) {
      v.push(`${at}: router ${r}'s service ${target} has no loadbalancer.server.port`);
    }
  }
  return v;
}

/** Rules on a whole file: ports and the data network. */
export function fileViolations(file: string, doc: Doc, mayPublish: boolean): string[] {
  const v: string[] = [];
  for (const [name, s] of Object.entries(doc.services ?? {})) {
    if (!mayPublish && (s.ports ?? []).length > 0) {
      v.push(`${file} ${name}: publishes ports (only edge.yml may)`);
    }
  }
  for (const [key, net] of Object.entries(doc.networks ?? {})) {
    const name = net?.name ?? key;
    if ((name === 'dhakacart-data' || key === 'dhakacart-data') && !net?.external && net?.internal !== true) {
      v.push(`${file}: network ${name} is created without internal: true`);
    }
  }
  return v;
}
