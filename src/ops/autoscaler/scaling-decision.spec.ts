import {
  decideScaling,
  type ScalingMemory,
  type ScalingPolicy,
  type ServiceObservation,
} from './scaling-decision';

const POLICY: ScalingPolicy = {
  minReplicas: 3,
  maxReplicas: 12,
  targetRpsPerReplica: 100,
  latencyP95TargetSeconds: 0.4,
  maxStepUpPercent: 50,
  scaleUpCooldownMs: 60_000,
  scaleDownCooldownMs: 300_000,
  scaleDownUtilisation: 0.7,
};
const T0 = 1_700_000_000_000;
const INTERVAL_MS = 15_000;

function observe(
  replicas: number,
  rate: number | null,
  p95: number | null = 0.1,
  updateState?: string,
): ServiceObservation {
  return { replicas, rate, p95, updateState };
}

/** Runs the policy every 15 s the way the autoscaler does, applying each decision to the replica count. */
function simulate(
  start: number,
  rateAt: (secondsSinceStart: number) => number,
  seconds: number,
): Array<{ t: number; replicas: number }> {
  let replicas = start;
  let memory: ScalingMemory = {};
  const changes: Array<{ t: number; replicas: number }> = [];
  for (let t = 0; t <= seconds; t += INTERVAL_MS / 1000) {
    const decision = decideScaling(POLICY, observe(replicas, rateAt(t)), memory, T0 + t * 1000);
    memory = decision.memory;
    if (decision.replicas !== replicas) changes.push({ t, replicas: decision.replicas });
    replicas = decision.replicas;
  }
  return changes;
}

describe('decideScaling', () => {
  it('should reach the replicas a surge needs within 5 minutes, in steps of at most +50 %', () => {
    // Arrange: 3 replicas at rest, then 1,150 req/s from t=0 (needs ceil(1150 / 100) = 12).
    // Act
    const changes = simulate(3, () => 1150, 300);

    // Assert
    expect(changes.map((c) => c.replicas)).toEqual([4, 6, 9, 12]);
    expect(changes[changes.length - 1].t).toBeLessThanOrEqual(300);
    for (let i = 1; i < changes.length; i += 1) {
      expect(changes[i].t - changes[i - 1].t).toBeGreaterThanOrEqual(60);
    }
  });

  it('should scale up to ceil(rate / target) when that is within one step', () => {
    // Act
    const decision = decideScaling(POLICY, observe(6, 701), {}, T0);

    // Assert
    expect(decision).toMatchObject({ action: 'scale_up', replicas: 8, reason: 'load', desiredByRate: 8 });
    expect(decision.memory.lastScaleUpAt).toBe(T0);
  });

  it('should add one step when p95 is above its target even though the rate needs no more replicas', () => {
    // Act
    const decision = decideScaling(POLICY, observe(4, 150, 0.9), {}, T0);

    // Assert
    expect(decision).toMatchObject({ action: 'scale_up', replicas: 6, reason: 'latency', latencyHigh: true });
  });

  it('should not scale up again when the scale-up cooldown has not elapsed', () => {
    // Arrange
    const memory: ScalingMemory = { lastScaleUpAt: T0 };

    // Act
    const early = decideScaling(POLICY, observe(4, 1000), memory, T0 + 59_000);
    const later = decideScaling(POLICY, observe(4, 1000), memory, T0 + 60_000);

    // Assert
    expect(early).toMatchObject({ action: 'none', replicas: 4, reason: 'scale_up_cooldown' });
    expect(later).toMatchObject({ action: 'scale_up', replicas: 6 });
  });

  it('should clamp to the maximum and then hold there', () => {
    // Act
    const capped = decideScaling(POLICY, observe(10, 5000), {}, T0);
    const atMax = decideScaling(POLICY, observe(12, 5000, 2), {}, T0);

    // Assert
    expect(capped).toMatchObject({ action: 'scale_up', replicas: 12 });
    expect(atMax).toMatchObject({ action: 'none', replicas: 12, reason: 'at_max' });
  });

  it('should raise a service below the minimum and lower one above the maximum, whatever the metrics', () => {
    // Act
    const below = decideScaling(POLICY, observe(1, null), {}, T0);
    const above = decideScaling(POLICY, observe(20, null), {}, T0);

    // Assert
    expect(below).toMatchObject({ action: 'scale_up', replicas: 3, reason: 'below_min' });
    expect(above).toMatchObject({ action: 'scale_down', replicas: 12, reason: 'above_max' });
  });

  it('should never scale a standby colour at 0 replicas, even under load', () => {
    // Act
    const decision = decideScaling(POLICY, observe(0, 5000, 3), {}, T0);

    // Assert
    expect(decision).toMatchObject({ action: 'none', replicas: 0, reason: 'standby' });
  });

  it.each(['updating', 'rollback_started', 'paused', 'rollback_paused'])(
    'should leave the service alone while its update state is %s',
    (state) => {
      // Act
      const decision = decideScaling(POLICY, observe(3, 5000, 3, state), {}, T0);

      // Assert
      expect(decision).toMatchObject({ action: 'none', replicas: 3, reason: 'update_in_progress' });
    },
  );

  it('should scale when the last update completed or was rolled back', () => {
    // Act
    const completed = decideScaling(POLICY, observe(3, 500, 0.1, 'completed'), {}, T0);
    const rolledBack = decideScaling(POLICY, observe(3, 500, 0.1, 'rollback_completed'), {}, T0);

    // Assert
    expect(completed.action).toBe('scale_up');
    expect(rolledBack.action).toBe('scale_up');
  });

  it.each([
    ['no rate series', null, 0.1],
    ['a NaN rate', NaN, 0.1],
    ['traffic without a p95', 500, null],
    ['traffic with a NaN p95', 500, NaN],
  ])('should change nothing when the metrics are missing (%s)', (_case, rate, p95) => {
    // Arrange: a low-usage window already running must not complete on missing data.
    const memory: ScalingMemory = { lowSince: T0 - 600_000, lowPeak: 3, lowAtReplicas: 6 };

    // Act
    const decision = decideScaling(POLICY, observe(6, rate, p95), memory, T0);

    // Assert
    expect(decision).toMatchObject({ action: 'none', replicas: 6, reason: 'metrics_missing' });
    expect(decision.memory.lowSince).toBeUndefined();
  });

  it('should treat a NaN p95 without traffic as idle, not as missing', () => {
    // Act
    const decision = decideScaling(POLICY, observe(6, 0, NaN), {}, T0);

    // Assert
    expect(decision).toMatchObject({ action: 'none', reason: 'low_usage_pending' });
  });

  it('should scale down only after usage stayed low for the whole scale-down cooldown', () => {
    // Arrange: 12 replicas, the surge is over: 250 req/s needs ceil(250 / 70) = 4 at 70 % of the target.
    // Act
    const changes = simulate(12, () => 250, 600);

    // Assert
    expect(changes).toEqual([{ t: 300, replicas: 4 }]);
  });

  it('should restart the low-usage window when usage comes back above the threshold', () => {
    // Arrange: low for 4 minutes, one busy sample, then low again.
    const rateAt = (t: number): number => (t === 240 ? 700 : 250);

    // Act
    const changes = simulate(8, rateAt, 600);

    // Assert: the window restarts at t=255, so the scale-down comes at t=555, not t=300.
    expect(changes).toEqual([{ t: 555, replicas: 4 }]);
  });

  it('should scale down to the highest need seen during the window, not the last sample', () => {
    // Arrange: mostly 100 req/s, one sample at 400 req/s (still below 70 % of 8 × 100).
    const rateAt = (t: number): number => (t === 150 ? 400 : 100);

    // Act
    const changes = simulate(8, rateAt, 300);

    // Assert: ceil(400 / 70) = 6, while the last sample alone would give the minimum, 3.
    expect(changes).toEqual([{ t: 300, replicas: 6 }]);
  });

  it('should not flap when the rate hovers around the target', () => {
    // Arrange: 5 replicas at 470–530 req/s (90–110 % of 500 req/s capacity at the target).
    const rateAt = (t: number): number => 500 + (t % 30 === 0 ? 30 : -30);

    // Act
    const changes = simulate(5, rateAt, 1800);

    // Assert: one step up to 6 for the 530 req/s samples, then it holds: 530 / 6 is above 70 %.
    expect(changes).toEqual([{ t: 0, replicas: 6 }]);
  });

  it('should not scale down while p95 is above its target even at low usage', () => {
    // Act
    const changes = (() => {
      let memory: ScalingMemory = {};
      const results: string[] = [];
      for (let t = 0; t <= 600_000; t += INTERVAL_MS) {
        const d = decideScaling({ ...POLICY, maxReplicas: 8 }, observe(8, 50, 0.8), memory, T0 + t);
        memory = d.memory;
        results.push(d.action);
      }
      return results;
    })();

    // Assert
    expect(changes.every((action) => action === 'none')).toBe(true);
  });

  it('should restart the window when someone else changed the replica count', () => {
    // Arrange: a window started at 8 replicas, an operator scaled to 6 meanwhile.
    const memory: ScalingMemory = { lowSince: T0 - 400_000, lowPeak: 4, lowAtReplicas: 8 };

    // Act
    const decision = decideScaling(POLICY, observe(6, 100), memory, T0);

    // Assert
    expect(decision).toMatchObject({ action: 'none', reason: 'low_usage_pending' });
    expect(decision.memory).toMatchObject({ lowSince: T0, lowAtReplicas: 6 });
  });

  it('should never scale down below the minimum', () => {
    // Act
    const changes = simulate(5, () => 0, 400);

    // Assert
    expect(changes).toEqual([{ t: 300, replicas: 3 }]);
  });
});
