export interface ScalingPolicy {
  minReplicas: number;
  maxReplicas: number;
  targetRpsPerReplica: number;
  latencyP95TargetSeconds: number;
  /** Largest scale-up per step, in percent of the current count; a step always adds at least one replica. */
  maxStepUpPercent: number;
  scaleUpCooldownMs: number;
  /** Usage must stay low for this long (the stabilisation window) before a scale-down. */
  scaleDownCooldownMs: number;
  /** Scale down only to a count that would run at or below this fraction of the target. */
  scaleDownUtilisation: number;
}

export interface ServiceObservation {
  replicas: number;
  /** Swarm's UpdateStatus.State, when the service has one. */
  updateState?: string;
  /** Requests per second over the whole service; null when Prometheus gave no usable value. */
  rate: number | null;
  /** p95 request duration in seconds; null or NaN when unknown (NaN is normal when there was no traffic). */
  p95: number | null;
}

/** What the autoscaler remembers per service between cycles (in memory only; a restart forgets it). */
export interface ScalingMemory {
  lastScaleUpAt?: number;
  lastScaleDownAt?: number;
  /** Start of the current run of low-usage cycles. */
  lowSince?: number;
  /** The largest scale-down target seen during that run: scaling down to it is safe for the whole window. */
  lowPeak?: number;
  /** The replica count the run was observed at; a change by someone else restarts the window. */
  lowAtReplicas?: number;
}

export type ScalingReason =
  | 'standby'
  | 'update_in_progress'
  | 'below_min'
  | 'above_max'
  | 'metrics_missing'
  | 'load'
  | 'latency'
  | 'at_max'
  | 'scale_up_cooldown'
  | 'low_usage'
  | 'low_usage_pending'
  | 'steady';

export interface ScalingDecision {
  action: 'scale_up' | 'scale_down' | 'none';
  /** The replica count to set (equal to the current count when action is 'none'). */
  replicas: number;
  reason: ScalingReason;
  memory: ScalingMemory;
  /** ceil(rate / target), before clamping and step limits; absent when it was not computed. */
  desiredByRate?: number;
  latencyHigh?: boolean;
}

/** Update states during which `docker stack deploy` / swarm/deploy.sh owns the service. */
export const BUSY_UPDATE_STATES: readonly string[] = [
  'updating',
  'rollback_started',
  'paused',
  'rollback_paused',
];

function withoutLowWindow(memory: ScalingMemory): ScalingMemory {
  return { lastScaleUpAt: memory.lastScaleUpAt, lastScaleDownAt: memory.lastScaleDownAt };
}

export function maxStepUp(replicas: number, policy: ScalingPolicy): number {
  return Math.max(1, Math.floor((replicas * policy.maxStepUpPercent) / 100));
}

/**
 * The autoscaler's whole policy, without I/O. Scale-up: to ceil(rate / target) (one step more while p95 is above
 * its target), at most one step (+50 %, at least +1) per scale-up cooldown. Scale-down: only to a count that would
 * run at or below `scaleDownUtilisation` of the target, and only once that has held for the whole scale-down
 * cooldown (to the largest such count seen in that window, as Kubernetes' HPA stabilisation window does).
 */
export function decideScaling(
  policy: ScalingPolicy,
  observed: ServiceObservation,
  memory: ScalingMemory,
  now: number,
): ScalingDecision {
  const current = observed.replicas;
  const none = (reason: ScalingReason, extra: Partial<ScalingDecision> = {}): ScalingDecision => ({
    action: 'none',
    replicas: current,
    reason,
    memory: withoutLowWindow(memory),
    ...extra,
  });

  // A colour at 0 replicas is a blue-green standby: only a release may bring it up.
  if (current <= 0) return none('standby');
  if (observed.updateState !== undefined && BUSY_UPDATE_STATES.includes(observed.updateState)) {
    return none('update_in_progress');
  }
  if (current < policy.minReplicas) {
    return {
      action: 'scale_up',
      replicas: policy.minReplicas,
      reason: 'below_min',
      memory: { ...withoutLowWindow(memory), lastScaleUpAt: now },
    };
  }
  if (current > policy.maxReplicas) {
    return {
      action: 'scale_down',
      replicas: policy.maxReplicas,
      reason: 'above_max',
      memory: { ...withoutLowWindow(memory), lastScaleDownAt: now },
    };
  }

  const { rate, p95 } = observed;
  if (rate === null || !Number.isFinite(rate) || rate < 0) return none('metrics_missing');
  // Without traffic the quantile is NaN (0/0); with traffic an unknown p95 means the figures cannot be trusted.
  const p95Known = p95 !== null && Number.isFinite(p95);
  if (rate > 0 && !p95Known) return none('metrics_missing');

  const latencyHigh = p95Known && p95 > policy.latencyP95TargetSeconds;
  const desiredByRate = Math.ceil(rate / policy.targetRpsPerReplica);
  const step = maxStepUp(current, policy);
  const inputs = { desiredByRate, latencyHigh };

  const wanted = Math.max(desiredByRate, latencyHigh ? current + step : 0);
  if (wanted > current) {
    if (current >= policy.maxReplicas) return none('at_max', inputs);
    if (memory.lastScaleUpAt !== undefined && now - memory.lastScaleUpAt < policy.scaleUpCooldownMs) {
      return none('scale_up_cooldown', inputs);
    }
    return {
      action: 'scale_up',
      replicas: Math.min(policy.maxReplicas, wanted, current + step),
      reason: desiredByRate > current ? 'load' : 'latency',
      memory: { ...withoutLowWindow(memory), lastScaleUpAt: now },
      ...inputs,
    };
  }

  const downTarget = Math.max(
    policy.minReplicas,
    Math.ceil(rate / (policy.targetRpsPerReplica * policy.scaleDownUtilisation)),
  );
  if (latencyHigh || downTarget >= current) return none('steady', inputs);

  const continuing = memory.lowSince !== undefined && memory.lowAtReplicas === current;
  const lowSince = continuing ? (memory.lowSince as number) : now;
  const lowPeak = continuing ? Math.max(memory.lowPeak ?? downTarget, downTarget) : downTarget;
  if (now - lowSince >= policy.scaleDownCooldownMs) {
    return {
      action: 'scale_down',
      replicas: lowPeak,
      reason: 'low_usage',
      memory: { ...withoutLowWindow(memory), lastScaleDownAt: now },
      ...inputs,
    };
  }
  return {
    action: 'none',
    replicas: current,
    reason: 'low_usage_pending',
    memory: { ...withoutLowWindow(memory), lowSince, lowPeak, lowAtReplicas: current },
    ...inputs,
  };
}
