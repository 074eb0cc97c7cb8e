import { bootApp, TestApp } from '../setup/test-app';
import { rawExchange, RawResponse, trickle } from '../setup/raw-http';

const TIMEOUT_MS = 1500;
// The configured time-out plus the slack the issue allows (the server checks its connections twice a second).
const BUDGET_MS = TIMEOUT_MS + 2000;

function expectTimedOut(res: RawResponse, label: string): void {
  console.log(`${label}: answered and closed after ${res.closedAfterMs} ms (budget ${BUDGET_MS} ms)`);
  expect(res.closedAfterMs).toBeDefined();
  expect(res.closedAfterMs!).toBeLessThanOrEqual(BUDGET_MS);
  expect(res.closedAfterMs!).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
  expect(res.status).toBe(408);
  expect(JSON.parse(res.body)).toEqual({
    statusCode: 408,
    code: 'REQUEST_TIMEOUT',
    message: expect.any(String),
    requestId: expect.any(String),
  });
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('Slow clients (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should answer 408 and close a connection that trickles its headers, within the time-out', async () => {
    const res = await rawExchange(
      t.baseUrl,
      (s) => {
        s.write('GET /api/v1/categories HTTP/1.1\r\nHost: x\r\n');
        return trickle(s, 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 200);
      },
      BUDGET_MS + 3000,
    );

    expectTimedOut(res, 'header trickle');
  });

  it('should answer 408 and close a connection that trickles its body, within the time-out', async () => {
    const res = await rawExchange(
      t.baseUrl,
      (s) => {
        s.write(
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"email":"',
        );
        return trickle(s, 'a', 200);
      },
      BUDGET_MS + 3000,
    );

    expectTimedOut(res, 'body trickle');
  });

  it('should keep serving other clients while ten connections trickle', async () => {
    const slow = Array.from({ length: 10 }, (_, i) =>
      rawExchange(
        t.baseUrl,
        (s) => {
          s.write(i % 2 ? 'GET /api/v1/categories HTTP/1.1\r\n' : 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n');
          return trickle(s, 'x', 300);
        },
        BUDGET_MS + 3000,
      ),
    );
    const served: number[] = [];
    const started = Date.now();
    while (Date.now() - started < TIMEOUT_MS + 500) {
      const t0 = Date.now();
      const res = await fetch(`${t.baseUrl}/api/v1/categories`);
      expect(res.status).toBe(200);
      served.push(Date.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }

    const results = await Promise.all(slow);

    expect(served.length).toBeGreaterThan(5);
    expect(Math.max(...served)).toBeLessThan(1000);
    for (const res of results) expectTimedOut(res, 'one of ten trickles');
  });

  it('should still serve a slow but complete request that finishes inside the time-out', async () => {
    const body = '{"email":"a@b.co","password":"x"}';
    const res = await rawExchange(t.baseUrl, (s) => {
      s.write(
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      let i = 0;
      const timer = setInterval(() => {
        s.write(body.slice(i, i + 4));
        i += 4;
        if (i >= body.length) clearInterval(timer);
      }, 50);
      return () => clearInterval(timer);
    });

    expect(res.status).toBe(401);
  });
});
