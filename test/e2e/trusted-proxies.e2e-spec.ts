import { bootApp, TestApp } from '../setup/test-app';

const categories = (t: TestApp, forwardedFor: string) =>
  t.http.get('/api/v1/categories').set('X-Forwarded-For', forwardedFor);

describe('Trusted proxies (e2e)', () => {
  describe('when the connecting address is not a trusted proxy', () => {
    let t: TestApp;

    beforeAll(async () => {
      // The app is reached directly from 127.0.0.1; only 10.99.0.0/16 may speak for clients.
      t = await bootApp({ TRUSTED_PROXIES: '10.99.0.0/16', RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('should ignore X-Forwarded-For and keep every request in one rate-limit bucket', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await categories(t, `203.0.113.${i + 1}`)).status);

      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect((await t.http.get('/api/v1/categories')).status).toBe(429);
    });
  });

  describe('when the connecting address is a trusted proxy', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await bootApp({ TRUSTED_PROXIES: '10.99.0.0/16, 127.0.0.1/32', RATE_LIMIT_PER_MINUTE: '2' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('should take the client address from X-Forwarded-For, one bucket per client', async () => {
      const a = [(await categories(t, '198.51.100.1')).status, (await categories(t, '198.51.100.1')).status];
      const blocked = (await categories(t, '198.51.100.1')).status;
      const other = (await categories(t, '198.51.100.2')).status;

      expect([...a, blocked, other]).toEqual([200, 200, 429, 200]);
    });

    it('should not let a client prepend its own X-Forwarded-For entries past the proxy', async () => {
      // The proxy appends the address it saw; whatever the client wrote before it is not trusted.
      const first = (await categories(t, '192.0.2.9, 198.51.100.3')).status;
      const second = (await categories(t, '192.0.2.10, 198.51.100.3')).status;
      const third = (await categories(t, '192.0.2.11, 198.51.100.3')).status;

      expect([first, second, third]).toEqual([200, 200, 429]);
    });
  });
});
