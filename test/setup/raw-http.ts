import { connect, Socket } from 'node:net';

export interface RawResponse {
  /** Everything the server wrote before it closed the connection (or the deadline passed). */
  raw: string;
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting until the server closed the connection; undefined if it never did. */
  closedAfterMs?: number;
}

/** Splits a raw HTTP/1.1 response into status, lower-cased headers and body (Content-Length bodies only). */
export function parseRawResponse(raw: string): Pick<RawResponse, 'status' | 'headers' | 'body'> {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { headers: {}, body: '' };
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  return { status: Number.isNaN(status) ? undefined : status, headers, body: raw.slice(end + 4) };
}

/**
 * Opens a plain TCP connection to the app, lets `drive` write to it (at once or slowly), and collects what the
 * server answers until it closes the connection or `deadlineMs` passes. Used for what an HTTP client library would
 * refuse to send: malformed requests, oversized headers, clients that trickle a request byte by byte.
 */
export function rawExchange(
  baseUrl: string,
  drive: (socket: Socket) => void | (() => void),
  deadlineMs = 10_000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let raw = '';
    let stop: void | (() => void);
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (typeof stop === 'function') stop();
      socket.destroy();
      resolve({ raw, ...parseRawResponse(raw), closedAfterMs: closed ? Date.now() - started : undefined });
    };
    const timer = setTimeout(() => finish(false), deadlineMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      stop = drive(socket);
    });
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes; returns the stopper for rawExchange. */
export function trickle(socket: Socket, text: string, everyMs: number): () => void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) return clearInterval(timer);
    socket.write(text[i % text.length]);
    i += 1;
  }, everyMs);
  return () => clearInterval(timer);
}
