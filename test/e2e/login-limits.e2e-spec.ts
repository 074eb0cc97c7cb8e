import { signUp } from '../factories/user.factory';
import { bootApp, bootReplicas, TestApp } from '../setup/test-app';

// A wall per account (every attempt counted, blocked unconditionally) let anyone lock the real owner out with
// eleven wrong passwords a minute. Now only failures count, a client that signed in before is never delayed,
// and a new client with the right password waits at most a short, growing delay. Two replicas share Redis.
describe('Sign-in and refresh limits (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  const production = {
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      RATE_LIMIT_AUTH_EMAIL_PER_MINUTE: '10',
      RATE_LIMIT_REFRESH_PER_MINUTE: '40',
      LOGIN_FREE_FAILURES: '5',
      LOGIN_DELAY_BASE_MS: '200',
      LOGIN_DELAY_MAX_MS: '1500',
  };

  let replicas: Awaited<ReturnType<typeof bootReplicas>>;
  beforeAll(async () => {
    replicas = await bootReplicas(production);
    ({ a, b } = replicas);
  });
  afterAll(async () => {
    await replicas.close();
  });

  const login = (t: TestApp, body: object, ip: string) => t.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send(body);
  const attackerIp = (i: number) => `203.0.113.${(i % 200) + 1}`;

  it('should count only failures: twenty good sign-ins of one account in a minute all succeed', async () => {
    const owner = await signUp(a.http, a.db);

    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      statuses.push((await login(i % 2 ? a : b, { email: owner.email, password: owner.password }, `198.51.100.${i + 1}`)).status);
    }

    expect(statuses).toEqual(Array(20).fill(200));
  });

  it('should let the owner\'s signed-in-before client straight in after eleven wrong passwords from anywhere', async () => {
    const owner = await signUp(a.http, a.db);
    const earlier = await login(a, { email: owner.email, password: owner.password }, '192.0.2.10').expect(200);
    expect(earlier.body.deviceToken).toEqual(expect.any(String));

    for (let i = 0; i < 11; i += 1) {
      const guess = await login(i % 2 ? a : b, { email: owner.email, password: `wrong-${i}` }, attackerIp(i));
      expect([401, 429]).toContain(guess.status);
    }
    const forged = `d1.${Date.now().toString(36)}.${'A'.repeat(16)}.${'B'.repeat(43)}`;
    const stranger = await login(a, { email: owner.email, password: owner.password, deviceToken: forged }, '192.0.2.11');
    const back = await login(b, { email: owner.email, password: owner.password, deviceToken: earlier.body.deviceToken }, '192.0.2.10');

    expect(stranger.status).toBe(429);
    expect(back.status).toBe(200);
  });

  it('should slow a guesser progressively and let the right password from a new place in after the delay', async () => {
    const owner = await signUp(a.http, a.db);
    const guesses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      guesses.push((await login(i % 2 ? a : b, { email: owner.email, password: `wrong-${i}` }, attackerIp(i))).status);
    }
    // The first five failures are free; after that most guesses arrive inside the delay and are not even checked.
    expect(guesses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(guesses.filter((s) => s === 429).length).toBeGreaterThan(0);

    const first = await login(a, { email: owner.email, password: owner.password }, '192.0.2.77');
    expect(first.status).toBe(429);
    expect(first.body).toMatchObject({ statusCode: 429, code: 'LOGIN_DELAYED', requestId: expect.any(String) });
    const retryAfter = Number(first.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const second = await login(b, { email: owner.email, password: owner.password }, '192.0.2.77');
    expect(second.status).toBe(200);
    // A success clears the failures: the next wrong password is a plain 401.
    expect((await login(a, { email: owner.email, password: 'typo' }, '192.0.2.77')).status).toBe(401);
  });

  describe('with a long first delay, so that no delay ends while a test runs', () => {
    let c: TestApp;
    beforeAll(async () => {
      c = await bootApp({ ...production, LOGIN_DELAY_BASE_MS: '30000', LOGIN_DELAY_MAX_MS: '30000' }, { shareWith: a });
    });
    afterAll(async () => {
      await c.close();
    });

    it('should let only the free failures through when a spray of guesses arrives all at once', async () => {
      const owner = await signUp(a.http, a.db);

      const guesses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => login(c, { email: owner.email, password: `wrong-${i}` }, attackerIp(i))),
      );

      const statuses = guesses.map((g) => g.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    });

    it('should stop trusting a device token once the account signed out everywhere', async () => {
      const owner = await signUp(a.http, a.db);
      const earlier = await login(c, { email: owner.email, password: owner.password }, '192.0.2.30').expect(200);
      const kept = await login(c, { email: owner.email, password: owner.password }, '192.0.2.31').expect(200);
      await c.http.post('/api/v1/auth/logout-all').set('Authorization', `Bearer ${earlier.body.accessToken}`).expect(204);
      const afterwards = await login(c, { email: owner.email, password: owner.password }, '192.0.2.32').expect(200);
      for (let i = 0; i < 5; i += 1) await login(c, { email: owner.email, password: `wrong-${i}` }, attackerIp(i)).expect(401);

      const stale = await login(c, { email: owner.email, password: owner.password, deviceToken: kept.body.deviceToken }, '192.0.2.31');
      const current = await login(c, { email: owner.email, password: owner.password, deviceToken: afterwards.body.deviceToken }, '192.0.2.32');

      expect(stale.status).toBe(429);
      expect(current.status).toBe(200);
    });
  });

  it('should give token refresh its own generous per-IP budget, apart from sign-in', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, () => signUp(a.http, a.db)));
    const nat = `100.64.${Math.floor(Math.random() * 200)}.1`;
    const tokens = customers.map((c) => c.refreshToken);

    const statuses: number[] = [];
    for (let i = 0; i < 44; i += 1) {
      const slot = i % tokens.length;
      const res = await (i % 2 ? a : b).http.post('/api/v1/auth/refresh').set('X-Forwarded-For', nat).send({ refreshToken: tokens[slot] });
      statuses.push(res.status);
      if (res.status === 200) tokens[slot] = res.body.refreshToken;
    }

    expect(statuses.slice(0, 40)).toEqual(Array(40).fill(200));
    expect(statuses.slice(40)).toEqual([429, 429, 429, 429]);
    await login(a, { email: customers[0].email, password: customers[0].password }, nat).expect(200);
  });
});
