import { AddressInfo, createServer, connect, Server, Socket } from 'node:net';

import { signUp } from '../factories/user.factory';
import { freshDatabase } from '../setup/database';
import { bootApp, TestApp } from '../setup/test-app';

/**
 * A TCP relay to PostgreSQL that can make its open connections go silent (nothing relayed either way, nothing
 * closed), as they do when the database's node dies; connections opened after that are relayed again, as to the
 * database back on another node.
 */
class SilencingRelay {
  private readonly pairs: Array<[Socket, Socket]> = [];
  private readonly silent: Array<[Socket, Socket]> = [];
  private server?: Server;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      client.pipe(upstream);
      upstream.pipe(client);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop);
      upstream.on('error', drop);
      this.pairs.push([client, upstream]);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Every connection open now stops relaying, and stays open. */
  silence(): number {
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    this.silent.push(...this.pairs.splice(0));
    return this.silent.length;
  }

  async stop(): Promise<void> {
    for (const [client, upstream] of [...this.pairs, ...this.silent]) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('Connections to a database whose node died (e2e)', () => {
  const POOL = 3;
  let relay: SilencingRelay;
  let t: TestApp;

  beforeAll(async () => {
    const url = new URL(await freshDatabase());
    relay = new SilencingRelay({ host: url.hostname, port: Number(url.port) });
    url.port = String(await relay.start());
    t = await bootApp({
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: String(POOL),
      DATABASE_QUERY_TIMEOUT_MS: '1500',
    });
  });
  afterAll(async () => {
    // The relay first: closing the pool waits for every connection to end, the silent ones too.
    await relay.stop();
    await t.close();
  });

  it('should answer 503 at most once per silent connection, then serve on new ones', async () => {
    const customer = await signUp(t.http, t.db);
    const orders = () => t.http.get('/api/v1/orders').set(customer.auth);
    // Concurrent requests open every connection of the pool.
    const warm = await Promise.all(Array.from({ length: 2 * POOL }, orders));
    expect(warm.map((r) => r.status)).toEqual(Array(2 * POOL).fill(200));

    expect(relay.silence()).toBeGreaterThanOrEqual(1);
    const statuses: number[] = [];
    for (let i = 0; i < 3 * POOL; i += 1) {
      const started = Date.now();
      const res = await orders();
      statuses.push(res.status);
      // Bounded by the query timeout (1.5 s), never a hung request.
      expect(Date.now() - started).toBeLessThan(5000);
      if (res.status !== 200) expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
    }
    // Without dropping them, the pool hands the same silent connections out again and again.
    expect(statuses.filter((s) => s !== 200).length).toBeLessThanOrEqual(POOL);
    expect(statuses.slice(-POOL)).toEqual(Array(POOL).fill(200));
  }, 60_000);
});
