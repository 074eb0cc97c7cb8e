import { AutoscalerConfigError, loadAutoscalerConfig } from './autoscaler.config';

describe('loadAutoscalerConfig', () => {
  it('should apply the documented defaults when nothing is set', () => {
    // Act
    const config = loadAutoscalerConfig({});

    // Assert
    expect(config).toMatchObject({
      intervalMs: 15_000,
      policy: {
        minReplicas: 3,
        maxReplicas: 12,
        targetRpsPerReplica: 350,
        latencyP95TargetSeconds: 0.4,
        maxStepUpPercent: 50,
        scaleUpCooldownMs: 60_000,
        scaleDownCooldownMs: 300_000,
        scaleDownUtilisation: 0.7,
      },
      prometheus: { url: 'http://prometheus:9090', serviceLabel: 'service', rateWindow: '1m' },
      docker: { socketPath: '/var/run/docker.sock', apiVersion: '1.41' },
      onlyServices: [],
      requestTimeoutMs: 5000,
    });
  });

  it('should read a socket proxy address and the overrides', () => {
    // Act
    const config = loadAutoscalerConfig({
      DOCKER_HOST: 'tcp://socket-proxy:2375',
      PROMETHEUS_URL: 'http://prometheus:9090/',
      AUTOSCALE_MIN: '6',
      AUTOSCALE_MAX: '24',
      TARGET_RPS_PER_REPLICA: '250.5',
      AUTOSCALE_PROMETHEUS_SERVICE_LABEL: 'swarm_service',
      AUTOSCALE_SERVICES: 'dhakacart_api-blue, dhakacart_api-green',
    });

    // Assert
    expect(config.docker).toEqual({ host: 'socket-proxy', port: 2375, apiVersion: '1.41' });
    expect(config.prometheus.url).toBe('http://prometheus:9090');
    expect(config.policy).toMatchObject({ minReplicas: 6, maxReplicas: 24, targetRpsPerReplica: 250.5 });
    expect(config.prometheus.serviceLabel).toBe('swarm_service');
    expect(config.onlyServices).toEqual(['dhakacart_api-blue', 'dhakacart_api-green']);
  });

  it('should list every invalid variable at once when the configuration is bad', () => {
    // Act
    const load = (): unknown =>
      loadAutoscalerConfig({
        AUTOSCALE_INTERVAL_SECONDS: '0',
        AUTOSCALE_MIN: 'three',
        TARGET_RPS_PER_REPLICA: '-5',
        AUTOSCALE_SCALE_DOWN_UTILISATION: '1.2',
        AUTOSCALE_PROMETHEUS_SERVICE_LABEL: 'service-name',
        AUTOSCALE_RATE_WINDOW: '1 minute',
        DOCKER_HOST: 'https://docker:2376',
        PROMETHEUS_URL: 'prometheus:9090',
      });

    // Assert
    expect(load).toThrow(AutoscalerConfigError);
    try {
      load();
    } catch (err) {
      const names = (err as AutoscalerConfigError).problems.map((p) => p.split(' ')[0]);
      expect(names).toEqual([
        'AUTOSCALE_INTERVAL_SECONDS',
        'AUTOSCALE_MIN',
        'TARGET_RPS_PER_REPLICA',
        'AUTOSCALE_SCALE_DOWN_UTILISATION',
        'PROMETHEUS_URL',
        'AUTOSCALE_PROMETHEUS_SERVICE_LABEL',
        'AUTOSCALE_RATE_WINDOW',
        'DOCKER_HOST',
      ]);
    }
  });

  it('should reject a maximum below the minimum', () => {
    // Act / Assert
    expect(() => loadAutoscalerConfig({ AUTOSCALE_MIN: '5', AUTOSCALE_MAX: '4' })).toThrow(
      /AUTOSCALE_MAX \(4\) must not be below AUTOSCALE_MIN \(5\)/,
    );
  });
});
