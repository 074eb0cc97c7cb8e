import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  Doc,
  durationMs,
  envOf,
  fileViolations,
  labelsOf,
  loadYaml,
  serviceViolations,
  traefikLabelViolations,
} from './stack-rules';

const SWARM = join(__dirname, '..', '..', 'swarm');
const stackFiles = readdirSync(SWARM)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const docs = Object.fromEntries(stackFiles.map((f) => [f, loadYaml(join(SWARM, f))])) as Record<string, Doc>;

// What `docker stack config` needs to interpolate every file (dummy, non-secret values).
const STACK_ENV = {
  API_IMAGE_BLUE: 'registry.example/dhakacart:test',
  API_IMAGE_GREEN: 'registry.example/dhakacart:test',
  WORKER_IMAGE: 'registry.example/dhakacart:test',
  MIGRATE_IMAGE: 'registry.example/dhakacart:test',
  DEPLOY_ID: 'static-test',
  ACME_EMAIL: 'ops@dhakacart.example',
  PREVIEW_ALLOWLIST: '203.0.113.0/24, 198.51.100.7/32',
  POSTGRES_IMAGE: 'registry.example/dhakacart-postgres:15',
  ETCD_IMAGE: 'registry.example/dhakacart-etcd:3.4',
  AUTOSCALER_IMAGE: 'registry.example/dhakacart:test',
};

describe('Swarm stack files', () => {
  it('should find the stack files, each with services', () => {
    expect(stackFiles).toEqual(
      expect.arrayContaining(['app.yml', 'autoscaler.yml', 'data.yml', 'edge.yml', 'monitoring.yml']),
    );
    for (const f of stackFiles) expect(Object.keys(docs[f].services ?? {}).length).toBeGreaterThan(0);
  });

  it.each(stackFiles)('%s: every service follows the service rules', (file) => {
    const doc = docs[file];
    const violations = Object.entries(doc.services ?? {}).flatMap(([name, s]) =>
      serviceViolations(file, name, s, doc),
    );
    expect(violations).toEqual([]);
  });

  it.each(stackFiles)('%s: ports only at the edge, dhakacart-data internal wherever created', (file) => {
    expect(fileViolations(file, docs[file], file === 'edge.yml')).toEqual([]);
  });

  it('should check the app services of app.yml as app services', () => {
    const app = Object.keys(docs['app.yml'].services ?? {});
    expect(app).toEqual(expect.arrayContaining(['api-blue', 'api-green', 'worker']));
  });

  it('should publish Traefik on 80 and 443 in host mode and nothing else', () => {
    const ports = docs['edge.yml'].services?.traefik.ports as { target: number; mode: string }[];
    expect(ports.map((p) => [p.target, p.mode])).toEqual([
      [80, 'host'],
      [443, 'host'],
    ]);
  });

  it('should create dhakacart-data as internal in the networks script', () => {
    const scripts = readdirSync(SWARM).filter((f) => f.endsWith('.sh'));
    const creating = scripts.flatMap((f) =>
      readFileSync(join(SWARM, f), 'utf8')
        .split('\n')
        .filter(
          (l) => /(network create|ensure_network)\b.*dhakacart-data\b/.test(l) && !l.trim().startsWith('#'),
        ),
    );
    expect(creating.length).toBeGreaterThan(0);
    expect(creating.filter((l) => !l.includes('--internal'))).toEqual([]);
  });

  it.each(stackFiles)('%s: `docker stack config` accepts it', (file) => {
    const docker = spawnSync('docker', ['--version'], { encoding: 'utf8' });
    if (docker.error) throw new Error('the docker CLI is required (scripts/test.sh installs docker.io)');
    const out = execFileSync('docker', ['stack', 'config', '-c', join(SWARM, file)], {
      cwd: SWARM,
      env: { ...process.env, ...STACK_ENV },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/^services:/m);
  });
});

describe('internal endpoints and trusted proxies in the stacks', () => {
  const app = docs['app.yml'].services ?? {};
  const apiServices = Object.keys(app).filter((name) => name.startsWith('api-'));
  const networksScript = readFileSync(join(SWARM, 'networks.sh'), 'utf8');

  it('should keep /metrics off every public Traefik router of the api services', () => {
    const rules = apiServices.flatMap((name) =>
      Object.entries(labelsOf(app[name].deploy?.labels)).filter(([k]) => /^traefik\.http\.routers\.[^.]+\.rule$/.test(k)),
    );
    expect(rules.length).toBeGreaterThanOrEqual(4);
    expect(rules.filter(([, rule]) => !rule.includes('&& !PathPrefix(`/metrics`)'))).toEqual([]);
    const compose = loadYaml(join(SWARM, '..', 'docker-compose.yml'));
    expect(labelsOf(compose.services?.app.labels)['traefik.http.routers.shop.rule']).toContain('!PathPrefix(`/metrics`)');
  });

  it('should give dhakacart-edge a fixed subnet and trust X-Forwarded-For from that subnet only', () => {
    const subnet = /^EDGE_SUBNET=(\S+)$/m.exec(networksScript)?.[1];
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(networksScript).toMatch(/^ensure_network dhakacart-edge --subnet "\$EDGE_SUBNET"$/m);
    for (const name of [...apiServices, 'worker']) {
      const env = envOf(app[name]);
      expect([name, env.TRUSTED_PROXIES]).toEqual([name, subnet]);
      expect(env).not.toHaveProperty('TRUST_PROXY_HOPS');
    }
  });

  it('should read the metrics token from one Docker secret in the app and in Prometheus', () => {
    const appSecret = docs['app.yml'].secrets?.metrics_token;
    const promSecret = docs['monitoring.yml'].secrets?.metrics_token;
    expect(appSecret?.external).toBe(true);
    expect(promSecret).toEqual(appSecret);
    for (const name of apiServices) expect(envOf(app[name]).METRICS_TOKEN_FILE).toBe('/run/secrets/metrics_token');
    const prometheus = docs['monitoring.yml'].services?.prometheus;
    expect(prometheus?.secrets).toEqual([expect.objectContaining({ source: 'metrics_token', target: 'metrics_token' })]);
    const scrape = loadYaml(join(SWARM, '..', 'monitoring', 'prometheus', 'prometheus.yml')) as unknown as {
      scrape_configs: { job_name: string; authorization?: { credentials_file?: string } }[];
    };
    const api = scrape.scrape_configs.find((j) => j.job_name === 'dhakacart-api');
    expect(api?.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics_token' });
  });
});

describe('the stack rules themselves', () => {
  const bad = {
    image: 'x',
    environment: {
      DB_PASSWORD: 'hunter2',
      JWT_SECRET_FILE: 'inline-not-a-path',
      UPSTREAM: 'postgres://user:pass@db/x',
      PROMETHEUS_URL: 'http://admin:pass@prometheus:9090',
      SHUTDOWN_DRAIN_MS: '12000',
    },
    stop_grace_period: '10s',
    healthcheck: { test: ['CMD', 'true'], interval: '5s', retries: 3, start_period: '20s' },
    ports: [{ target: 80, published: 80, mode: 'host' }],
    secrets: ['jwt_secret'],
    deploy: {
      update_config: { parallelism: 2, order: 'start-first', failure_action: 'pause', monitor: '10s' },
      labels: {
        'traefik.swarm.network': 'dhakacart-edge',
        'traefik.docker.network': 'dhakacart-edge',
        'traefik.http.routers.a.rule': 'Host(`a`)',
      },
    },
  };
  const doc: Doc = {
    services: { 'api-bad': bad },
    secrets: { jwt_secret: { external: true, name: 'dhakacart_jwt_secret' } },
    networks: { data: { name: 'dhakacart-data' } },
  };

  it('should report every broken rule of a bad app service', () => {
    const v = serviceViolations('bad.yml', 'api-bad', bad, doc).join('\n');
    for (const expected of [
      'no resource limits',
      'no resource reservations',
      'no restart_policy',
      'no rollback_config',
      'host ports but update order is not stop-first',
      'no placement',
      'DB_PASSWORD looks like a secret',
      'JWT_SECRET_FILE looks like a secret',
      'UPSTREAM holds credentials in a URL',
      'PROMETHEUS_URL holds credentials in a URL',
      'init is not true',
      'stop_grace_period 10s is not longer than SHUTDOWN_DRAIN_MS 12000',
      'update parallelism is not 1',
      'update failure_action is not rollback',
      'update monitor 10s < start_period + interval x retries (35000 ms)',
      'no placement preferences',
      'secret jwt_secret is not an external secret with a versioned name',
      'secret jwt_secret is not read through a *_FILE variable',
      'mixes traefik.docker.* and traefik.swarm.* labels',
      'router a has no entrypoints',
      'router a names no service',
    ]) {
      expect(v).toContain(expected);
    }
  });

  it('should require a healthcheck except for jobs, and ports only at the edge, internal data network', () => {
    expect(serviceViolations('f', 'svc', { image: 'x' }, {})).toContain('f svc: no healthcheck');
    const job = { image: 'x', deploy: { mode: 'replicated-job' } };
    expect(serviceViolations('f', 'svc', job, {}).join('\n')).not.toMatch(/healthcheck|update_config/);
    expect(fileViolations('bad.yml', doc, false)).toEqual([
      'bad.yml api-bad: publishes ports (only edge.yml may)',
      'bad.yml: network dhakacart-data is created without internal: true',
    ]);
  });

  it('should want a load balancer port for a router', () => {
    expect(
      traefikLabelViolations('x', {
        'traefik.http.routers.r.entrypoints': 'websecure',
        'traefik.http.routers.r.service': 's',
      }),
    ).toEqual(["x: router r's service s has no loadbalancer.server.port"]);
  });

  it('should read compose durations', () => {
    expect([durationMs('35s'), durationMs('1m30s'), durationMs('100ms')]).toEqual([35_000, 90_000, 100]);
    expect(() => durationMs('soon')).toThrow('not a duration');
  });
});
