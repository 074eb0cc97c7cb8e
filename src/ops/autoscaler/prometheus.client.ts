export interface ServiceLoad {
  /** Requests per second; null when Prometheus has no series for the service. */
  rate: number | null;
  /** p95 duration in seconds; null without series, NaN when there was no traffic in the window. */
  p95: number | null;
}

export interface PrometheusQueryOptions {
  url: string;
  serviceLabel: string;
  rateWindow: string;
  timeoutMs: number;
}

export class PrometheusQueryError extends Error {
  override name = 'PrometheusQueryError';
}

interface QueryResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: Array<{ value?: [number, string] }> };
}

// Static files are cheap and were left out of the capacity figures, as they are in the ApiHighLatencyP95 alert.
const SELECTOR_EXTRA = 'route!="static"';

function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function parseSampleValue(value: string): number {
  if (value === '+Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return value.trim() === '' ? NaN : Number(value);
}

/** The two PromQL queries the autoscaler runs for one Swarm service. */
export function serviceLoadQueries(
  service: string,
  options: Pick<PrometheusQueryOptions, 'serviceLabel' | 'rateWindow'>,
): { rate: string; p95: string } {
  const selector = `{${options.serviceLabel}=${promString(service)},${SELECTOR_EXTRA}}`;
  const window = `[${options.rateWindow}]`;
  return {
    rate: `sum(rate(http_request_duration_seconds_count${selector}${window}))`,
    p95: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket${selector}${window})))`,
  };
}

/** Prometheus' instant-query API (`GET /api/v1/query`), reduced to "one scalar per query". */
export class PrometheusClient {
  constructor(private readonly options: PrometheusQueryOptions) {}

  async serviceLoad(service: string, signal?: AbortSignal): Promise<ServiceLoad> {
    const queries = serviceLoadQueries(service, this.options);
    const [rate, p95] = await Promise.all([
      this.scalar(queries.rate, signal),
      this.scalar(queries.p95, signal),
    ]);
    return { rate, p95 };
  }

  /** The single sample of an instant vector: null when the vector is empty; throws when Prometheus fails. */
  async scalar(query: string, signal?: AbortSignal): Promise<number | null> {
    const url = `${this.options.url}/api/v1/query?${new URLSearchParams({ query }).toString()}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      throw new PrometheusQueryError(
        `Prometheus unreachable at ${this.options.url}: ${String(err)}${cause ? ` (${cause.message})` : ''}`,
      );
    }
    const body = (await response.json().catch(() => undefined)) as QueryResponse | undefined;
    if (!response.ok || body?.status !== 'success') {
      throw new PrometheusQueryError(
        `Prometheus query failed (HTTP ${response.status}): ${body?.error ?? 'unexpected response body'}`,
      );
    }
    if (body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
      throw new PrometheusQueryError(
        `Prometheus answered a ${String(body.data?.resultType)}, expected a vector`,
      );
    }
    const samples = body.data.result;
    if (samples.length === 0) return null;
    if (samples.length > 1) {
      throw new PrometheusQueryError(`Expected one series, got ${samples.length}: ${query}`);
    }
    const value = samples[0].value?.[1];
    // Prometheus encodes sample values as strings, including "NaN" and "+Inf".
    return typeof value === 'string' ? parseSampleValue(value) : NaN;
  }
}
