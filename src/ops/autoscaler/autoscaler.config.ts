import type { ScalingPolicy } from './scaling-decision';

export interface DockerEndpoint {
  /** Unix socket path, or undefined for TCP. */
  socketPath?: string;
  host?: string;
  port?: number;
}

export interface AutoscalerConfig {
  intervalMs: number;
  policy: ScalingPolicy;
  prometheus: {
    url: string;
    /** The label Prometheus' relabelling puts the Swarm service name in (`service` in monitoring/prometheus). */
    serviceLabel: string;
    rateWindow: string;
  };
  docker: DockerEndpoint & { apiVersion: string };
  /** When not empty, only these service names are considered (the lab check confines itself to one service). */
  onlyServices: string[];
  requestTimeoutMs: number;
  heartbeatFile: string;
  logLevel: string;
}

/** Thrown with every invalid variable listed, so one start shows all mistakes at once. */
export class AutoscalerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid autoscaler configuration: ${problems.join('; ')}`);
    this.name = 'AutoscalerConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PROM_DURATION = /^[1-9][0-9]*(ms|s|m|h)$/;

function parseDockerHost(value: string | undefined): DockerEndpoint | string {
  if (value === undefined || value === '') return { socketPath: '/var/run/docker.sock' };
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    return socketPath.startsWith('/')
      ? { socketPath }
      : `DOCKER_HOST must be unix:///absolute/path, got ${value}`;
  }
  const tcp = /^(?:tcp|http):\/\/([^:/]+):(\d{1,5})\/?$/.exec(value);
  if (tcp && Number(tcp[2]) <= 65535) return { host: tcp[1], port: Number(tcp[2]) };
  // TLS to the daemon is not supported: the autoscaler talks to a socket proxy on a private overlay network.
  return `DOCKER_HOST must be tcp://host:port or unix:///path (TLS is not supported), got ${value}`;
}

/** Reads and validates the autoscaler's environment; throws AutoscalerConfigError listing every bad variable. */
export function loadAutoscalerConfig(env: Env): AutoscalerConfig {
  const problems: string[] = [];
  const text = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  };
  const number = (name: string, fallback: number, check: (n: number) => boolean, rule: string): number => {
    const raw = text(name, String(fallback));
    const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(value) || !check(value)) {
      problems.push(`${name} must be ${rule}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const positiveInt = (name: string, fallback: number): number =>
    number(name, fallback, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
  const positive = (name: string, fallback: number): number =>
    number(name, fallback, (n) => n > 0, 'a positive number');

  const intervalSeconds = positiveInt('AUTOSCALE_INTERVAL_SECONDS', 15);
  const minReplicas = positiveInt('AUTOSCALE_MIN', 3);
  const maxReplicas = positiveInt('AUTOSCALE_MAX', 12);
  if (maxReplicas < minReplicas) {
    problems.push(`AUTOSCALE_MAX (${maxReplicas}) must not be below AUTOSCALE_MIN (${minReplicas})`);
  }
  const policy: ScalingPolicy = {
    minReplicas,
    maxReplicas,
    targetRpsPerReplica: positive('TARGET_RPS_PER_REPLICA', 350),
    latencyP95TargetSeconds: positive('LATENCY_P95_TARGET_SECONDS', 0.4),
    maxStepUpPercent: number(
      'AUTOSCALE_MAX_STEP_PERCENT',
      50,
      (n) => n > 0 && n <= 1000,
      'a number in (0, 1000]',
    ),
    scaleUpCooldownMs: positiveInt('AUTOSCALE_SCALE_UP_COOLDOWN_SECONDS', 60) * 1000,
    scaleDownCooldownMs: positiveInt('AUTOSCALE_SCALE_DOWN_COOLDOWN_SECONDS', 300) * 1000,
    scaleDownUtilisation: number(
      'AUTOSCALE_SCALE_DOWN_UTILISATION',
      0.7,
      (n) => n > 0 && n < 1,
      'a fraction between 0 and 1 (exclusive)',
    ),
  };

  const prometheusUrl = text('PROMETHEUS_URL', 'http://prometheus:9090').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(prometheusUrl)) {
    problems.push(`PROMETHEUS_URL must be an http(s):// URL, got "${prometheusUrl}"`);
  }
  const serviceLabel = text('AUTOSCALE_PROMETHEUS_SERVICE_LABEL', 'service');
  if (!LABEL_NAME.test(serviceLabel)) {
    problems.push(
      `AUTOSCALE_PROMETHEUS_SERVICE_LABEL must be a Prometheus label name, got "${serviceLabel}"`,
    );
  }
  const rateWindow = text('AUTOSCALE_RATE_WINDOW', '1m');
  if (!PROM_DURATION.test(rateWindow)) {
    problems.push(
      `AUTOSCALE_RATE_WINDOW must be a Prometheus duration such as 1m or 90s, got "${rateWindow}"`,
    );
  }

  const docker = parseDockerHost(env.DOCKER_HOST);
  if (typeof docker === 'string') problems.push(docker);
  const apiVersion = text('DOCKER_API_VERSION', '1.41');
  if (!/^1\.\d+$/.test(apiVersion)) {
    problems.push(`DOCKER_API_VERSION must look like 1.41, got "${apiVersion}"`);
  }

  const logLevel = text('LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const requestTimeoutSeconds = positive('AUTOSCALE_REQUEST_TIMEOUT_SECONDS', 5);

  if (problems.length > 0) throw new AutoscalerConfigError(problems);
  return {
    intervalMs: intervalSeconds * 1000,
    policy,
    prometheus: { url: prometheusUrl, serviceLabel, rateWindow },
    docker: { ...(docker as DockerEndpoint), apiVersion },
    onlyServices: text('AUTOSCALE_SERVICES', '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    requestTimeoutMs: Math.round(requestTimeoutSeconds * 1000),
    heartbeatFile: text('AUTOSCALE_HEARTBEAT_FILE', ''),
    logLevel,
  };
}
