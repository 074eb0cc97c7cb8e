import { request } from 'node:http';

import type { DockerEndpoint } from './autoscaler.config';

export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string>;
  Mode?: { Replicated?: { Replicas?: number }; [mode: string]: unknown };
  [field: string]: unknown;
}

export interface SwarmService {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
  UpdateStatus?: { State?: string; Message?: string };
}

export class DockerApiError extends Error {
  override name = 'DockerApiError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Someone else (a deploy, an operator) changed the service between our read and our write. */
export class DockerVersionConflictError extends DockerApiError {
  override name = 'DockerVersionConflictError';
}

export interface DockerClientOptions extends DockerEndpoint {
  apiVersion: string;
  timeoutMs: number;
}

export type ScaleOutcome =
  { result: 'scaled'; from: number; to: number; warnings: string[] } | { result: 'skipped'; why: string };

/**
 * The few Docker Engine API calls the autoscaler needs (API v1.41: services list, inspect, update), over the unix
 * socket or a docker-socket-proxy (SERVICES=1, TASKS=1, POST=1).
 */
export class DockerClient {
  constructor(private readonly options: DockerClientOptions) {}

  listServices(label: string, signal?: AbortSignal): Promise<SwarmService[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    return this.call<SwarmService[]>('GET', `/services?filters=${filters}`, undefined, signal);
  }

  inspectService(idOrName: string, signal?: AbortSignal): Promise<SwarmService> {
    return this.call<SwarmService>('GET', `/services/${encodeURIComponent(idOrName)}`, undefined, signal);
  }

  /**
   * Sets Mode.Replicated.Replicas and nothing else, as `docker service scale` does: the spec is read afresh and
   * posted back unchanged otherwise (TaskTemplate.ForceUpdate included), so no task is restarted. The write is
   * conditional on the version read; a concurrent writer makes it fail with DockerVersionConflictError. It is
   * skipped when the count is no longer `expectedReplicas` or a deploy started since the decision.
   */
  async scaleService(
    id: string,
    expectedReplicas: number,
    replicas: number,
    busyStates: readonly string[],
    signal?: AbortSignal,
  ): Promise<ScaleOutcome> {
    const service = await this.inspectService(id, signal);
    const current = service.Spec.Mode?.Replicated?.Replicas;
    if (current === undefined) return { result: 'skipped', why: 'not a replicated service' };
    if (current !== expectedReplicas) {
      return { result: 'skipped', why: `replicas changed to ${current} since the decision` };
    }
    const state = service.UpdateStatus?.State;
    if (state !== undefined && busyStates.includes(state)) {
      return { result: 'skipped', why: `update state ${state}` };
    }
    const spec: ServiceSpec = {
      ...service.Spec,
      Mode: { ...service.Spec.Mode, Replicated: { ...service.Spec.Mode?.Replicated, Replicas: replicas } },
    };
    const answer = await this.call<{ Warnings?: string[] | null }>(
      'POST',
      `/services/${encodeURIComponent(service.ID)}/update?version=${service.Version.Index}`,
      spec,
      signal,
    );
    return { result: 'scaled', from: current, to: replicas, warnings: answer?.Warnings ?? [] };
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { socketPath, host, port, apiVersion, timeoutMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          socketPath,
          host,
          port,
          method,
          path: `/v${apiVersion}${path}`,
          signal,
          timeout: timeoutMs,
          headers: {
            Host: 'docker',
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            if (status >= 200 && status < 300) {
              resolve(parsed as T);
              return;
            }
            const message =
              (parsed as { message?: string } | undefined)?.message ??
              (text.slice(0, 300) || `HTTP ${status}`);
            // Swarm reports a stale version as "update out of sequence" (HTTP 500 on Engine 20.10); 409 is accepted too.
            const Failure =
              status === 409 || /out of sequence/i.test(message)
                ? DockerVersionConflictError
                : DockerApiError;
            reject(new Failure(status, `Docker ${method} ${path}: HTTP ${status}: ${message}`));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`Docker ${method} ${path}: no answer within ${timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
