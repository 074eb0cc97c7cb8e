// Lab check of the autoscaler on a real Swarm: given a service labelled dhakacart.autoscale=true (SERVICE env or first
// argument, e.g. dhakacart_api-blue), it serves a Prometheus stand-in on a free loopback port that reports a request
// rate needing more replicas than the service has, runs the real autoscaler once (`--once`) against the real Docker
// engine (DOCKER_HOST if set, else the unix socket), and asserts that the replica count went up by exactly one step,
// that nothing but the count changed in the spec and that no running task was replaced. Prints one JSON line on stdout
// (the autoscaler's own log lines go to stderr) and exits 1 on failure.
//
//   node -r ts-node/register/transpile-only test/lab/autoscaler-check.ts dhakacart_api-blue          (src, ts-node)
//   node -r ts-node/register/transpile-only test/lab/autoscaler-check.ts dhakacart_api-blue --dist   (dist/autoscaler.js)
//
// AUTOSCALE_MIN defaults to the current count (so clamping to the minimum cannot be what raises it) and AUTOSCALE_MAX
// to twice the current count; RESTORE=1 scales the service back to its original count afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { startPrometheusStandIn, vector } from '../setup/prometheus-stand-in';

const root = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const useDist = args.includes('--dist');
const service = args.find((arg) => !arg.startsWith('--')) ?? process.env.SERVICE ?? '';
const TARGET_RPS = 100;
const P95_TARGET = 0.4;

interface ServiceInfo {
  replicas: number | undefined;
  labels: Record<string, string>;
  updateState: string | undefined;
  spec: Record<string, unknown>;
}

function docker(...argv: string[]): string {
  const run = spawnSync('docker', argv, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`docker ${argv.join(' ')} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

function inspect(name: string): ServiceInfo {
  const [data] = JSON.parse(docker('service', 'inspect', name)) as Array<{
    Spec: { Labels?: Record<string, string>; Mode?: { Replicated?: { Replicas?: number } } } & Record<
      string,
      unknown
    >;
    UpdateStatus?: { State?: string };
  }>;
  return {
    replicas: data.Spec.Mode?.Replicated?.Replicas,
    labels: data.Spec.Labels ?? {},
    updateState: data.UpdateStatus?.State,
    spec: data.Spec,
  };
}

function runningTasks(name: string): string[] {
  return docker('service', 'ps', name, '--filter', 'desired-state=running', '--no-trunc', '-q')
    .split('\n')
    .filter((id) => id !== '')
    .sort();
}

function withoutReplicas(spec: Record<string, unknown>): string {
  const copy = JSON.parse(JSON.stringify(spec)) as { Mode?: { Replicated?: { Replicas?: number } } };
  if (copy.Mode?.Replicated) delete copy.Mode.Replicated.Replicas;
  return JSON.stringify(copy);
}

function runAutoscaler(env: NodeJS.ProcessEnv): Promise<number | null> {
  const entry = useDist
    ? [join(root, 'dist', 'autoscaler.js')]
    : ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'autoscaler.ts')];
  if (useDist && !existsSync(entry[0])) throw new Error(`${entry[0]} is missing: run npm run build first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, '--once'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function main(): Promise<{ passed: boolean; report: Record<string, unknown> }> {
  const problems: string[] = [];
  if (service === '') throw new Error('Pass the Swarm service name as the first argument or SERVICE=...');
  const before = inspect(service);
  if (before.labels['dhakacart.autoscale'] !== 'true') {
    throw new Error(`${service} has no deploy label dhakacart.autoscale=true`);
  }
  if (before.replicas === undefined || before.replicas < 1) {
    throw new Error(
      `${service} must be a replicated service with at least one replica (standbys are never scaled)`,
    );
  }
  if (before.updateState === 'updating' || before.updateState === 'rollback_started') {
    throw new Error(`${service} is being updated (${before.updateState}); try again when the update is over`);
  }
  const min = Number(process.env.AUTOSCALE_MIN ?? before.replicas);
  const max = Number(process.env.AUTOSCALE_MAX ?? before.replicas * 2);
  if (min > before.replicas || max <= before.replicas) {
    throw new Error(
      `Need AUTOSCALE_MIN <= ${before.replicas} < AUTOSCALE_MAX, else clamping alone decides (min ${min}, max ${max})`,
    );
  }
  // Twice what the maximum could serve: the rate alone asks for more, the +50 % step limit decides how much.
  const rate = TARGET_RPS * max * 2;
  const expected = Math.min(max, before.replicas + Math.max(1, Math.floor(before.replicas / 2)));
  const tasksBefore = runningTasks(service);

  const label = `service="${service}"`;
  const prometheus = await startPrometheusStandIn((query) => {
    if (!query.includes(label)) return vector();
    return query.startsWith('histogram_quantile') ? vector('0.05') : vector(String(rate));
  });
  let exitCode: number | null;
  try {
    exitCode = await runAutoscaler({
      ...process.env,
      PROMETHEUS_URL: prometheus.url,
      AUTOSCALE_SERVICES: service,
      AUTOSCALE_MIN: String(min),
      AUTOSCALE_MAX: String(max),
      TARGET_RPS_PER_REPLICA: String(TARGET_RPS),
      LATENCY_P95_TARGET_SECONDS: String(P95_TARGET),
      LOG_LEVEL: 'info',
    });
  } finally {
    await prometheus.close();
  }

  const after = inspect(service);
  const tasksAfter = runningTasks(service);
  if (exitCode !== 0) problems.push(`the autoscaler exited with ${exitCode}`);
  if (!prometheus.queries.some((q) => q.includes(label))) problems.push(`no PromQL query selected ${label}`);
  if ((after.replicas ?? 0) <= before.replicas) {
    problems.push(`replicas did not go up (${before.replicas} -> ${after.replicas})`);
  } else if (after.replicas !== expected) {
    problems.push(`replicas went to ${after.replicas}, expected one step: ${expected}`);
  }
  if (withoutReplicas(after.spec) !== withoutReplicas(before.spec)) {
    problems.push('the spec changed beyond the replica count');
  }
  const replaced = tasksBefore.filter((id) => !tasksAfter.includes(id));
  if (replaced.length > 0) {
    problems.push(`${replaced.length} running task(s) were replaced: scaling restarted tasks`);
  }

  if (process.env.RESTORE === '1') docker('service', 'scale', '--detach', `${service}=${before.replicas}`);
  return {
    passed: problems.length === 0,
    report: {
      check: 'autoscaler',
      service,
      before: before.replicas,
      after: after.replicas,
      expected,
      min,
      max,
      targetRpsPerReplica: TARGET_RPS,
      reportedRate: rate,
      autoscalerExitCode: exitCode,
      queries: prometheus.queries,
      restored: process.env.RESTORE === '1',
      problems,
    },
  };
}

main()
  .then(({ passed, report }) => {
    process.stdout.write(`${JSON.stringify({ passed, ...report })}\n`);
    process.exit(passed ? 0 : 1);
  })
  .catch((err: unknown) => {
    process.stdout.write(
      `${JSON.stringify({ check: 'autoscaler', service, passed: false, problems: [String(err)] })}\n`,
    );
    process.exit(1);
  });
