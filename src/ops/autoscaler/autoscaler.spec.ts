import pino from 'pino';
import { Writable } from 'node:stream';

import {
  startPrometheusStandIn,
  vector,
  type PrometheusStandIn,
} from '../../../test/setup/prometheus-stand-in';
import { Autoscaler, AUTOSCALE_LABEL } from './autoscaler';
import { loadAutoscalerConfig } from './autoscaler.config';
import {
  DockerApiError,
  DockerVersionConflictError,
  type ScaleOutcome,
  type SwarmService,
} from './docker.client';
import { PrometheusClient } from './prometheus.client';

/** The Docker engine is an external here (the lab check drives a real one): a fake holding services in memory. */
class FakeDocker {
  readonly scaleCalls: Array<{ id: string; from: number; to: number }> = [];
  readonly labels: string[] = [];
  failures: Error[] = [];

  constructor(public services: SwarmService[]) {}

  listServices(label: string): Promise<SwarmService[]> {
    this.labels.push(label);
    return Promise.resolve(this.services.map((s) => structuredClone(s)));
  }

  scaleService(id: string, expected: number, replicas: number): Promise<ScaleOutcome> {
    this.scaleCalls.push({ id, from: expected, to: replicas });
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const service = this.services.find((s) => s.ID === id) as SwarmService;
    service.Spec.Mode = { Replicated: { Replicas: replicas } };
    service.Version.Index += 1;
    return Promise.resolve({ result: 'scaled', from: expected, to: replicas, warnings: [] });
  }
}

function swarmService(id: string, name: string, replicas: number): SwarmService {
  return {
    ID: id,
    Version: { Index: 10 },
    Spec: { Name: name, Mode: { Replicated: { Replicas: replicas } } },
  };
}

function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

describe('Autoscaler cycle', () => {
  let prometheus: PrometheusStandIn | undefined;
  let rates: Record<string, string>;

  beforeEach(async () => {
    rates = {};
    prometheus = await startPrometheusStandIn((query) => {
      const service = /service="([^"]+)"/.exec(query)?.[1] ?? '';
      if (!(service in rates)) return vector();
      return query.startsWith('histogram_quantile') ? vector('0.05') : vector(rates[service]);
    });
  });

  afterEach(async () => {
    await prometheus?.close();
  });

  function build(docker: FakeDocker, env: Record<string, string> = {}) {
    const config = loadAutoscalerConfig({
      PROMETHEUS_URL: prometheus!.url,
      TARGET_RPS_PER_REPLICA: '100',
      ...env,
    });
    const { logger, lines } = capturingLogger();
    let clock = 1_700_000_000_000;
    const autoscaler = new Autoscaler({
      config,
      logger,
      docker,
      prometheus: new PrometheusClient({ ...config.prometheus, timeoutMs: 2000 }),
      now: () => clock,
    });
    return { autoscaler, lines, advance: (ms: number) => (clock += ms) };
  }

  it('should scale a labelled service from the rate Prometheus reports and honour the cooldown next cycle', async () => {
    // Arrange
    const docker = new FakeDocker([swarmService('b1', 'dhakacart_api-blue', 4)]);
    rates['dhakacart_api-blue'] = '900';
    const { autoscaler, lines, advance } = build(docker);

    // Act
    const first = await autoscaler.runCycle();
    advance(15_000);
    const second = await autoscaler.runCycle();

    // Assert
    expect(docker.labels).toEqual([AUTOSCALE_LABEL, AUTOSCALE_LABEL]);
    expect(first).toEqual({ services: 1, scaled: 1, errors: 0 });
    expect(second).toEqual({ services: 1, scaled: 0, errors: 0 });
    expect(docker.scaleCalls).toEqual([{ id: 'b1', from: 4, to: 6 }]);
    const decisions = lines.filter((l) => l.msg === 'autoscaler decision');
    expect(decisions.map((d) => d.reason)).toEqual(['load', 'scale_up_cooldown']);
    expect(decisions[0]).toMatchObject({
      swarmService: 'dhakacart_api-blue',
      current: 4,
      rate: 900,
      p95: 0.05,
    });
  });

  it('should leave the standby colour alone and not even query its metrics', async () => {
    // Arrange
    const docker = new FakeDocker([swarmService('g1', 'dhakacart_api-green', 0)]);
    rates['dhakacart_api-green'] = '5000';
    const { autoscaler } = build(docker);

    // Act
    await autoscaler.runCycle();

    // Assert
    expect(docker.scaleCalls).toEqual([]);
    expect(prometheus!.queries).toEqual([]);
  });

  it('should change nothing and warn when Prometheus has no series for the service', async () => {
    // Arrange
    const docker = new FakeDocker([swarmService('b1', 'dhakacart_api-blue', 4)]);
    const { autoscaler, lines } = build(docker);

    // Act
    const summary = await autoscaler.runCycle();

    // Assert
    expect(summary.errors).toBe(0);
    expect(docker.scaleCalls).toEqual([]);
    expect(lines.find((l) => l.reason === 'metrics_missing')).toMatchObject({ level: 40 });
  });

  it('should retry next cycle when another writer changed the service', async () => {
    // Arrange
    const docker = new FakeDocker([swarmService('b1', 'dhakacart_api-blue', 4)]);
    docker.failures = [new DockerVersionConflictError(500, 'update out of sequence')];
    rates['dhakacart_api-blue'] = '900';
    const { autoscaler, advance } = build(docker);

    // Act
    const first = await autoscaler.runCycle();
    advance(15_000);
    const second = await autoscaler.runCycle();

    // Assert: the failed attempt started no cooldown.
    expect(first).toEqual({ services: 1, scaled: 0, errors: 0 });
    expect(second).toEqual({ services: 1, scaled: 1, errors: 0 });
    expect(docker.scaleCalls).toHaveLength(2);
  });

  it('should count a failed update as an error', async () => {
    // Arrange
    const docker = new FakeDocker([swarmService('b1', 'dhakacart_api-blue', 4)]);
    docker.failures = [new DockerApiError(403, 'forbidden by the socket proxy')];
    rates['dhakacart_api-blue'] = '900';
    const { autoscaler } = build(docker);

    // Act / Assert
    await expect(autoscaler.runCycle()).resolves.toEqual({ services: 1, scaled: 0, errors: 1 });
  });

  it('should consider only the services named in AUTOSCALE_SERVICES when it is set', async () => {
    // Arrange
    const docker = new FakeDocker([
      swarmService('b1', 'dhakacart_api-blue', 4),
      swarmService('x1', 'as-test', 1),
    ]);
    rates['dhakacart_api-blue'] = '900';
    const { autoscaler } = build(docker, { AUTOSCALE_SERVICES: 'dhakacart_api-blue' });

    // Act
    const summary = await autoscaler.runCycle();

    // Assert
    expect(summary.services).toBe(1);
    expect(docker.scaleCalls).toEqual([{ id: 'b1', from: 4, to: 6 }]);
  });
});
