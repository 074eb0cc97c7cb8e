import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const MON = join(ROOT, 'monitoring');
const yaml = (path: string): Record<string, any> => parse(readFileSync(path, 'utf8'), { merge: true }); // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs a validator; a missing tool is a failure that names the apt package to install. */
function run(tool: string, aptPackage: string, args: string[]): string {
  const result = spawnSync(tool, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`${tool} is not installed: apt-get install ${aptPackage} (scripts/test.sh installs it)`);
  }
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${output}`);
  return output;
}

/**
 * promtool reads every credentials file a config names; the metrics token exists only inside the Prometheus
 * container (a Docker secret), so the check runs on a copy that names a stand-in file, next to the same rules.
 */
function withStandInToken(file: string): string {
  const text = readFileSync(file, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  const token = join(dir, 'metrics_token');
  writeFileSync(token, 'stand-in');
  symlinkSync(join(MON, 'prometheus', 'rules'), join(dir, 'rules'));
  const copy = join(dir, 'prometheus.yml');
  writeFileSync(copy, text.replaceAll('credentials_file: /run/secrets/metrics_token', `credentials_file: ${token}`));
  return copy;
}

describe('Prometheus configuration (promtool)', () => {
  it.each(['prometheus.yml', 'prometheus.compose.yml'])('%s should pass promtool check config', (file) => {
    const config = join(MON, 'prometheus', file);
    expect(readFileSync(config, 'utf8')).toContain('credentials_file: /run/secrets/metrics_token');
    expect(run('promtool', 'prometheus', ['check', 'config', withStandInToken(config)])).toMatch(
      /SUCCESS: [1-9]\d* rule files found/,
    );
  });

  it('should pass promtool check rules', () => {
    expect(
      run('promtool', 'prometheus', ['check', 'rules', join(MON, 'prometheus', 'rules', 'dhakacart.yml')]),
    ).toMatch(/SUCCESS: [1-9]\d* rules found/);
  });

  it('should fire the alerts as the rule unit tests expect', () => {
    expect(
      run('promtool', 'prometheus', [
        'test',
        'rules',
        join(MON, 'prometheus', 'tests', 'dhakacart.test.yml'),
      ]),
    ).toContain('SUCCESS');
  });

  it("should query the API's histogram by its real label names", () => {
    const metrics = readFileSync(join(ROOT, 'src', 'platform', 'metrics', 'http-metrics.ts'), 'utf8');
    expect(metrics).toContain("labelNames: ['method', 'route', 'status']");
    const rules = readFileSync(join(MON, 'prometheus', 'rules', 'dhakacart.yml'), 'utf8');
    expect(rules).toMatch(/http_request_duration_seconds_count\{[^}]*status=~"5\.\."/);
  });

  it('should discover Swarm tasks through the socket proxy on the monitoring network only', () => {
    const config = yaml(join(MON, 'prometheus', 'prometheus.yml'));
    const swarmJobs = config.scrape_configs.filter((j: any) => j.dockerswarm_sd_configs); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(swarmJobs.map((j: { job_name: string }) => j.job_name)).toEqual(['traefik', 'dhakacart-api', 'swarm-tasks']);
    for (const job of swarmJobs) {
      expect(job.dockerswarm_sd_configs).toEqual([
        expect.objectContaining({ host: 'tcp://socket-proxy:2375', role: 'tasks' }),
      ]);
      const keeps = job.relabel_configs.filter((r: { action?: string }) => r.action === 'keep');
      expect(keeps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            source_labels: ['__meta_dockerswarm_network_name'],
            regex: 'dhakacart-monitoring',
          }),
          expect.objectContaining({
            source_labels: ['__meta_dockerswarm_task_desired_state'],
            regex: 'running',
          }),
        ]),
      );
    }
    const stack = yaml(join(ROOT, 'swarm', 'monitoring.yml'));
    expect(stack.services.prometheus.networks).toEqual(
      expect.arrayContaining(['monitoring', 'socket-proxy']),
    );
    expect(stack.networks.monitoring.name).toBe('dhakacart-monitoring');
    expect(stack.services['socket-proxy'].networks).toEqual(['socket-proxy']);
  });
});

describe('Alertmanager configuration (amtool)', () => {
  const file = join(MON, 'alertmanager', 'alertmanager.yml');
  const text = readFileSync(file, 'utf8');

  it('should read every receiver URL from a Docker secret file, never inline', () => {
    const config = yaml(file);
    const hooks = config.receivers.flatMap((r: { webhook_configs?: object[] }) => r.webhook_configs ?? []);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      expect(hook).not.toHaveProperty('url');
      expect(hook.url_file).toMatch(/^\/run\/secrets\/[a-z_]+$/);
    }
  });

  it('should pass amtool check-config', () => {
    const version = run('amtool', 'prometheus-alertmanager', ['--version']);
    const [, minor] = /version 0\.(\d+)/.exec(version) ?? [];
    let checked = file;
    // url_file arrived in Alertmanager 0.26 (the stack runs 0.28); Debian 12 ships amtool 0.25, which knows only
    // `url`. Check everything else with a placeholder in its place.
    if (Number(minor) < 26) {
      const placeholder = text.replace(
        /url_file: \/run\/secrets\/(\S+)/g,
        'url: http://placeholder.invalid/$1',
      );
      expect(placeholder).not.toBe(text);
      checked = join(mkdtempSync(join(tmpdir(), 'amtool-')), 'alertmanager.yml');
      writeFileSync(checked, placeholder);
    }
    expect(run('amtool', 'prometheus-alertmanager', ['check-config', checked])).toContain('SUCCESS');
  });
});

describe('Loki, Promtail and Grafana configuration (static)', () => {
  // Grafana Loki is not packaged by Debian (its `loki` package is an unrelated genetics program) and no image can be
  // pulled here, so its configuration is checked for the settings we rely on; where a Grafana Loki binary is
  // installed (`loki -version` says so), -verify-config runs too.
  const lokiFile = join(MON, 'loki', 'loki.yml');

  it('should keep 30 days of logs on the tsdb v13 schema with the compactor deleting', () => {
    const loki = yaml(lokiFile);
    expect(loki.schema_config.configs.at(-1)).toMatchObject({
      store: 'tsdb',
      schema: 'v13',
      object_store: 'filesystem',
    });
    expect(loki.limits_config.retention_period).toBe('720h');
    expect(loki.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 'filesystem' });
    expect(loki.common.path_prefix).toBe('/loki');
    const stack = yaml(join(ROOT, 'swarm', 'monitoring.yml'));
    expect(stack.services.loki.volumes).toContain('loki-data:/loki');
  });

  it('should label log lines with the Swarm labels the stacks add to their logs', () => {
    const promtail = yaml(join(MON, 'promtail', 'promtail.yml'));
    const stages = promtail.scrape_configs[0].pipeline_stages;
    const json = stages.find((s: { json?: object }) => s.json).json.expressions;
    expect(json.service).toBe('attrs."com.docker.swarm.service.name"');
    for (const file of ['edge.yml', 'data.yml', 'monitoring.yml']) {
      const logging = yaml(join(ROOT, 'swarm', file))['x-logging'];
      expect(logging.options.labels.split(',')).toEqual(
        expect.arrayContaining(['com.docker.swarm.service.name', 'com.docker.stack.namespace']),
      );
    }
    expect(promtail.clients[0].url).toBe('http://loki:3100/loki/api/v1/push');
  });

  it('should point Grafana at Prometheus and Loki by their service names in both the stack and compose', () => {
    const ds = yaml(join(MON, 'grafana', 'provisioning', 'datasources', 'datasources.yml')).datasources;
    expect(ds.map((d: { type: string; url: string }) => [d.type, d.url])).toEqual([
      ['prometheus', 'http://prometheus:9090'],
      ['loki', 'http://loki:3100'],
    ]);
    for (const file of [join(ROOT, 'swarm', 'monitoring.yml'), join(ROOT, 'docker-compose.yml')]) {
      const services = yaml(file).services;
      expect(Object.keys(services)).toEqual(expect.arrayContaining(['prometheus', 'loki', 'grafana']));
      expect(services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe(
        '/run/secrets/grafana_admin_password',
      );
    }
  });
});
