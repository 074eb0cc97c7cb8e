import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, register } from 'prom-client';

function getOrCreate<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

const UNLOGGED = /^\/(health\/|metrics)/;

/**
 * Request duration by method, route template (never the raw URL, so ids and queries cannot explode the label set)
 * and status, plus requests in flight. Registered as Fastify hooks so every route, 404s included, is measured.
 */
export function instrumentHttp(fastify: FastifyInstance): void {
  const duration = getOrCreate(
    'http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration in seconds by method, route template and status',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      }),
  );
  const inFlight = getOrCreate(
    'http_requests_in_flight',
    () => new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests being served' }),
  );
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!UNLOGGED.test(request.url)) inFlight.inc();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!UNLOGGED.test(request.url)) {
      inFlight.dec();
      const route = request.routeOptions.url ?? 'unmatched';
      duration.observe(
        { method: request.method, route: route.includes('*') ? 'static' : route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    }
    done();
  });
}
