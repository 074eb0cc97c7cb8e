import { createServer } from 'node:net';

import {
  startPrometheusStandIn,
  vector,
  type PrometheusStandIn,
} from '../../../test/setup/prometheus-stand-in';
import { PrometheusClient, PrometheusQueryError, serviceLoadQueries } from './prometheus.client';

const OPTIONS = { serviceLabel: 'service', rateWindow: '1m', timeoutMs: 2000 };

describe('PrometheusClient against a Prometheus stand-in', () => {
  let prometheus: PrometheusStandIn | undefined;

  afterEach(async () => {
    await prometheus?.close();
    prometheus = undefined;
  });

  it('should send the rate and p95 queries for the service and read their samples', async () => {
    // Arrange
    prometheus = await startPrometheusStandIn((query) =>
      query.startsWith('histogram_quantile') ? vector('0.237') : vector('1234.5'),
    );
    const client = new PrometheusClient({ ...OPTIONS, url: prometheus.url });

    // Act
    const load = await client.serviceLoad('dhakacart_api-blue');

    // Assert
    expect(load).toEqual({ rate: 1234.5, p95: 0.237 });
    expect([...prometheus.queries].sort()).toEqual([
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="dhakacart_api-blue",route!="static"}[1m])))',
      'sum(rate(http_request_duration_seconds_count{service="dhakacart_api-blue",route!="static"}[1m]))',
    ]);
  });

  it('should use the configured label name and window and escape the service name', () => {
    // Act
    const queries = serviceLoadQueries('odd"name\\', { serviceLabel: 'swarm_service', rateWindow: '2m' });

    // Assert
    expect(queries.rate).toBe(
      'sum(rate(http_request_duration_seconds_count{swarm_service="odd\\"name\\\\",route!="static"}[2m]))',
    );
  });

  it('should give null for an empty vector and NaN for a NaN sample', async () => {
    // Arrange: a service with no series (rate) and one without traffic (quantile of 0/0).
    prometheus = await startPrometheusStandIn((query) =>
      query.startsWith('histogram_quantile') ? vector('NaN') : vector(),
    );
    const client = new PrometheusClient({ ...OPTIONS, url: prometheus.url });

    // Act
    const load = await client.serviceLoad('dhakacart_api-green');

    // Assert
    expect(load.rate).toBeNull();
    expect(load.p95).toBeNaN();
  });

  it('should read +Inf as Infinity', async () => {
    // Arrange
    prometheus = await startPrometheusStandIn(() => vector('+Inf'));
    const client = new PrometheusClient({ ...OPTIONS, url: prometheus.url });

    // Act / Assert
    await expect(client.scalar('up')).resolves.toBe(Infinity);
  });

  it('should fail when Prometheus answers an error', async () => {
    // Arrange
    prometheus = await startPrometheusStandIn(() => ({
      status: 422,
      body: { status: 'error', errorType: 'execution', error: 'query timed out' },
    }));
    const client = new PrometheusClient({ ...OPTIONS, url: prometheus.url });

    // Act / Assert
    await expect(client.serviceLoad('dhakacart_api-blue')).rejects.toThrow(/HTTP 422.*query timed out/);
  });

  it('should fail when the answer holds several series', async () => {
    // Arrange
    prometheus = await startPrometheusStandIn(() => vector('1', '2'));
    const client = new PrometheusClient({ ...OPTIONS, url: prometheus.url });

    // Act / Assert
    await expect(client.scalar('up')).rejects.toThrow(/Expected one series, got 2/);
  });

  it('should fail within the timeout when Prometheus does not answer', async () => {
    // Arrange
    prometheus = await startPrometheusStandIn(() => ({ hang: true }));
    const client = new PrometheusClient({ ...OPTIONS, url: prometheus.url, timeoutMs: 300 });
    const started = Date.now();

    // Act / Assert
    await expect(client.scalar('up')).rejects.toThrow(PrometheusQueryError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('should fail when nothing listens at the address', async () => {
    // Arrange: a port that was free a moment ago.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const client = new PrometheusClient({ ...OPTIONS, url: `http://127.0.0.1:${port}` });

    // Act / Assert
    await expect(client.scalar('up')).rejects.toThrow(/Prometheus unreachable/);
  });
});
