import pino from 'pino';

import { Autoscaler } from './ops/autoscaler/autoscaler';
import {
  AutoscalerConfigError,
  loadAutoscalerConfig,
  type AutoscalerConfig,
} from './ops/autoscaler/autoscaler.config';
import { DockerClient } from './ops/autoscaler/docker.client';
import { PrometheusClient } from './ops/autoscaler/prometheus.client';

// The Swarm autoscaler: `node dist/autoscaler.js` (one replica on a manager) or `--once` for a single cycle.
// It scales services labelled dhakacart.autoscale=true from Prometheus' request rate and p95 latency; no HTTP.
function fail(message: string, extra: Record<string, unknown> = {}): never {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: message, ...extra })}\n`);
  process.exit(1);
}

function configure(): { config: AutoscalerConfig; once: boolean } {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--once');
  if (unknown.length > 0) fail(`Unknown argument(s): ${unknown.join(' ')} (only --once is accepted)`);
  try {
    return { config: loadAutoscalerConfig(process.env), once: args.includes('--once') };
  } catch (err) {
    if (err instanceof AutoscalerConfigError) fail(err.message, { problems: err.problems });
    throw err;
  }
}

async function main(): Promise<void> {
  const { config, once } = configure();
  const logger = pino({ level: config.logLevel, base: { service: 'dhakacart-autoscaler' } });
  const autoscaler = new Autoscaler({
    config,
    logger,
    docker: new DockerClient({ ...config.docker, timeoutMs: config.requestTimeoutMs }),
    prometheus: new PrometheusClient({ ...config.prometheus, timeoutMs: config.requestTimeoutMs }),
  });
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'autoscaler stopping');
      stop.abort();
    });
  }
  logger.info(
    {
      once,
      intervalSeconds: config.intervalMs / 1000,
      policy: config.policy,
      prometheus: config.prometheus,
      docker: config.docker,
      onlyServices: config.onlyServices,
    },
    'autoscaler started',
  );
  if (once) {
    const summary = await autoscaler.runCycle(stop.signal);
    logger.info({ ...summary }, 'autoscaler cycle finished');
    process.exitCode = summary.errors > 0 ? 1 : 0;
    return;
  }
  await autoscaler.run(stop.signal);
  logger.info('autoscaler stopped');
}

main().catch((err: unknown) => fail('autoscaler failed', { error: String(err) }));
