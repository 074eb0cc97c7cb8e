import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in answers to one query: a vector of sample values, an HTTP error, or no answer at all. */
export type StandInAnswer = { vector: string[] } | { status: number; body: unknown } | { hang: true };

export interface PrometheusStandIn {
  url: string;
  /** Every PromQL query received, in order. */
  queries: string[];
  close(): Promise<void>;
}

/** A vector answer with one sample per value, as Prometheus encodes them (strings, "NaN", "+Inf"). */
export function vector(...values: string[]): StandInAnswer {
  return { vector: values };
}

/**
 * A real HTTP server on loopback speaking Prometheus' instant-query API (`GET /api/v1/query?query=...`), answering
 * each query with `answer(query)`. Used for the autoscaler's tests and its lab check on a real Swarm.
 */
export async function startPrometheusStandIn(
  answer: (query: string) => StandInAnswer,
): Promise<PrometheusStandIn> {
  const queries: string[] = [];
  const hanging = new Set<ServerResponse>();
  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method !== 'GET' || url.pathname !== '/api/v1/query' || !url.searchParams.has('query')) {
      reply(res, 404, {
        status: 'error',
        errorType: 'not_found',
        error: `no route ${req.method} ${url.pathname}`,
      });
      return;
    }
    const query = url.searchParams.get('query') as string;
    queries.push(query);
    const answered = answer(query);
    if ('hang' in answered) {
      hanging.add(res);
      return;
    }
    if ('status' in answered) {
      reply(res, answered.status, answered.body);
      return;
    }
    const now = Date.now() / 1000;
    reply(res, 200, {
      status: 'success',
      data: {
        resultType: 'vector',
        result: answered.vector.map((value) => ({ metric: {}, value: [now, value] })),
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
