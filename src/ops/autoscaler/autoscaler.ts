import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

import type { AutoscalerConfig } from './autoscaler.config';
import { DockerVersionConflictError, type DockerClient, type SwarmService } from './docker.client';
import type { PrometheusClient, ServiceLoad } from './prometheus.client';
import { BUSY_UPDATE_STATES, decideScaling, type ScalingMemory } from './scaling-decision';

/** The deploy label (`deploy.labels` in a stack file) that opts a service in. */
export const AUTOSCALE_LABEL = 'dhakacart.autoscale=true';

export interface CycleSummary {
  services: number;
  scaled: number;
  /** Services that could not be handled this cycle (a failed update other than a version conflict). */
  errors: number;
}

export interface AutoscalerDeps {
  config: AutoscalerConfig;
  docker: Pick<DockerClient, 'listServices' | 'scaleService'>;
  prometheus: Pick<PrometheusClient, 'serviceLoad'>;
  logger: Logger;
  now?: () => number;
}

/** One cycle: list the labelled services, read their load, decide, scale. Decisions are remembered per service id. */
export class Autoscaler {
  private readonly memory = new Map<string, ScalingMemory>();
  private readonly now: () => number;

  constructor(private readonly deps: AutoscalerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async runCycle(signal?: AbortSignal): Promise<CycleSummary> {
    const { config, docker, logger } = this.deps;
    const listed = await docker.listServices(AUTOSCALE_LABEL, signal);
    const services = listed.filter(
      (s) => config.onlyServices.length === 0 || config.onlyServices.includes(s.Spec.Name),
    );
    for (const id of this.memory.keys()) {
      if (!services.some((s) => s.ID === id)) this.memory.delete(id);
    }
    const summary: CycleSummary = { services: services.length, scaled: 0, errors: 0 };
    for (const service of services) {
      if (signal?.aborted) break;
      const outcome = await this.handle(service, signal);
      if (outcome === 'scaled') summary.scaled += 1;
      if (outcome === 'error') summary.errors += 1;
    }
    logger.debug({ ...summary }, 'autoscaler cycle done');
    return summary;
  }

  /** Cycles every interval until the signal aborts; a failed cycle is logged and the next one runs as usual. */
  async run(signal: AbortSignal): Promise<void> {
    const { config, logger } = this.deps;
    while (!signal.aborted) {
      try {
        await this.runCycle(signal);
        if (config.heartbeatFile !== '') await this.beat(config.heartbeatFile);
      } catch (err) {
        if (signal.aborted) break;
        logger.error({ err }, 'autoscaler cycle failed');
      }
      await sleep(config.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  // The container health check reads this file's age: it is rewritten after every cycle that reached Docker.
  private async beat(file: string): Promise<void> {
    await writeFile(file, String(this.now())).catch((err: unknown) =>
      this.deps.logger.warn({ file, error: String(err) }, 'cannot write the heartbeat file'),
    );
  }

  private async handle(
    service: SwarmService,
    signal?: AbortSignal,
  ): Promise<'scaled' | 'unchanged' | 'error'> {
    const { config, docker, prometheus, logger } = this.deps;
    const name = service.Spec.Name;
    const replicas = service.Spec.Mode?.Replicated?.Replicas;
    if (replicas === undefined) {
      logger.warn({ swarmService: name }, 'autoscale label on a service that is not replicated; ignored');
      return 'unchanged';
    }
    const updateState = service.UpdateStatus?.State;
    const busy = updateState !== undefined && BUSY_UPDATE_STATES.includes(updateState);
    let load: ServiceLoad = { rate: null, p95: null };
    if (replicas > 0 && !busy) {
      try {
        load = await prometheus.serviceLoad(name, signal);
      } catch (err) {
        logger.warn({ swarmService: name, error: String(err) }, 'cannot read the load from Prometheus');
      }
    }
    const memory = this.memory.get(service.ID) ?? {};
    const decision = decideScaling(config.policy, { replicas, updateState, ...load }, memory, this.now());
    const inputs = {
      swarmService: name,
      current: replicas,
      updateState: updateState ?? null,
      rate: load.rate,
      // NaN is not JSON; no traffic gives a NaN quantile.
      p95: load.p95 !== null && Number.isFinite(load.p95) ? load.p95 : null,
      targetRpsPerReplica: config.policy.targetRpsPerReplica,
      latencyP95TargetSeconds: config.policy.latencyP95TargetSeconds,
      min: config.policy.minReplicas,
      max: config.policy.maxReplicas,
      desiredByRate: decision.desiredByRate ?? null,
      latencyHigh: decision.latencyHigh ?? null,
      action: decision.action,
      target: decision.replicas,
      reason: decision.reason,
      lowSince: decision.memory.lowSince ? new Date(decision.memory.lowSince).toISOString() : null,
    };
    if (decision.reason === 'metrics_missing') {
      logger.warn(inputs, 'autoscaler decision: no usable metrics, replicas unchanged');
    } else {
      logger.info(inputs, 'autoscaler decision');
    }
    if (decision.action === 'none') {
      this.memory.set(service.ID, decision.memory);
      return 'unchanged';
    }

    try {
      const outcome = await docker.scaleService(
        service.ID,
        replicas,
        decision.replicas,
        BUSY_UPDATE_STATES,
        signal,
      );
      if (outcome.result === 'skipped') {
        logger.info({ swarmService: name, why: outcome.why }, 'scaling skipped, retrying next cycle');
        return 'unchanged';
      }
      this.memory.set(service.ID, decision.memory);
      logger.info(
        {
          swarmService: name,
          from: outcome.from,
          to: outcome.to,
          reason: decision.reason,
          warnings: outcome.warnings,
        },
        'service scaled',
      );
      return 'scaled';
    } catch (err) {
      if (err instanceof DockerVersionConflictError) {
        logger.warn(
          { swarmService: name, error: err.message },
          'service changed by another writer, retrying next cycle',
        );
        return 'unchanged';
      }
      logger.error({ swarmService: name, error: String(err) }, 'scaling failed');
      return 'error';
    }
  }
}
