import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';

import { signUp, SignedInUser } from '../factories/user.factory';
import { bootReplicas, TestApp } from '../setup/test-app';

/** Polls until the response status is the expected one; returns how long it took. */
async function statusWithin(
  budgetMs: number,
  request: () => Promise<{ status: number }>,
  expected: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { status } = await request();
    const elapsed = Date.now() - started;
    if (status === expected) return elapsed;
    if (elapsed > budgetMs) throw new Error(`still ${status} after ${elapsed} ms (expected ${expected})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Staff permissions follow the database, not the token: a role change, a disabled account and "sign out
// everywhere" take effect on every replica within a second. Two app instances share one database and Redis.
describe('Sessions and privileges (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  let replicas: Awaited<ReturnType<typeof bootReplicas>>;
  beforeAll(async () => {
    replicas = await bootReplicas();
    ({ a, b } = replicas);
  });
  afterAll(async () => {
    await replicas.close();
  });

  const listUsers = (t: TestApp, user: SignedInUser) => t.http.get('/api/v1/admin/users').set(user.auth);
  const setRoles = (t: TestApp, actor: SignedInUser, target: string, roles: string[]) =>
    t.http.put(`/api/v1/admin/users/${target}/roles`).set(actor.auth).send({ roles });
  const refresh = (t: TestApp, user: SignedInUser) => t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });

  it('should end a demoted admin\'s powers on every replica within a second, and keep them from re-promoting themselves', async () => {
    // Arrange: the demoted admin is known (cached) on replica b before the change.
    const boss = await signUp(a.http, a.db, { roles: ['admin'] });
    const demoted = await signUp(a.http, a.db, { roles: ['admin'] });
    await listUsers(b, demoted).expect(200);

    // Act
    await setRoles(a, boss, demoted.id, ['customer']).expect(200);

    // Assert
    const tookMs = await statusWithin(1000, () => listUsers(b, demoted), 401);
    console.log(`demotion visible on the other replica after ${tookMs} ms`);
    await setRoles(b, demoted, demoted.id, ['admin']).expect(401);
    const refreshed = await refresh(b, demoted);
    expect(refreshed.status).toBe(401);
    const [row] = await a.db.query(`SELECT roles FROM app_user WHERE id = $1`, [demoted.id]);
    expect(row.roles).toEqual(['customer']);
    const again = await a.http.post('/api/v1/auth/login').send({ email: demoted.email, password: demoted.password }).expect(200);
    await b.http.get('/api/v1/admin/users').set('Authorization', `Bearer ${again.body.accessToken}`).expect(403);
  });

  it('should refuse a validly signed admin token whose user does not exist', async () => {
    const forged = a.app.get(JwtService).sign({ sub: randomUUID(), roles: ['admin'], typ: 'access', ver: 0 });

    const res = await a.http.get('/api/v1/admin/users').set('Authorization', `Bearer ${forged}`);

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED', requestId: expect.any(String) });
  });

  it('should end a disabled account\'s sessions on every replica and refuse its sign-in', async () => {
    const admin = await signUp(a.http, a.db, { roles: ['admin'] });
    const support = await signUp(a.http, a.db, { roles: ['support'] });
    await b.http.get('/api/v1/admin/orders').set(support.auth).expect(200);

    await a.http.put(`/api/v1/admin/users/${support.id}/status`).set(admin.auth).send({ disabled: true }).expect(200);

    const tookMs = await statusWithin(1000, () => b.http.get('/api/v1/admin/orders').set(support.auth), 401);
    console.log(`disable visible on the other replica after ${tookMs} ms`);
    const login = await b.http.post('/api/v1/auth/login').send({ email: support.email, password: support.password });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('ACCOUNT_DISABLED');
    expect((await refresh(b, support)).status).toBe(401);
    const audit = await a.http.get('/api/v1/admin/audit-log').set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'user.disable', targetId: support.id });

    await a.http.put(`/api/v1/admin/users/${support.id}/status`).set(admin.auth).send({ disabled: false }).expect(200);
    await b.http.post('/api/v1/auth/login').send({ email: support.email, password: support.password }).expect(200);
  });

  it('should sign a staff member out everywhere: access tokens on every replica and every refresh token', async () => {
    const manager = await signUp(a.http, a.db, { roles: ['catalog_manager'] });
    const secondDevice = (await a.http.post('/api/v1/auth/login').send({ email: manager.email, password: manager.password }).expect(200))
      .body as { refreshToken: string };
    await b.http.get('/api/v1/admin/products').set(manager.auth).expect(200);

    await a.http.post('/api/v1/auth/logout-all').set(manager.auth).expect(204);

    await statusWithin(1000, () => b.http.get('/api/v1/admin/products').set(manager.auth), 401);
    expect((await refresh(a, manager)).status).toBe(401);
    expect((await b.http.post('/api/v1/auth/refresh').send({ refreshToken: secondDevice.refreshToken })).status).toBe(401);
  });

  it('should never remove the last active admin, even when two admins demote each other at once', async () => {
    for (let round = 0; round < 5; round += 1) {
      // Arrange: exactly two admins in this database.
      await a.db.query(`UPDATE app_user SET roles = '{customer}' WHERE 'admin' = ANY(roles)`);
      const [first, second] = await Promise.all([
        signUp(a.http, a.db, { roles: ['admin'] }),
        signUp(a.http, a.db, { roles: ['admin'] }),
      ]);

      // Act
      const results = await Promise.all([
        setRoles(a, first, second.id, ['customer']),
        setRoles(b, second, first.id, ['customer']),
      ]);

      // Assert: one wins; the other is refused (no longer an admin, or the last one), and an admin remains.
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(200);
      expect([401, 403, 409]).toContain(statuses[1]);
      const [{ admins }] = await a.db.query(
        `SELECT count(*)::int AS admins FROM app_user WHERE 'admin' = ANY(roles) AND disabled_at IS NULL`,
      );
      expect(admins).toBe(1);
    }
  });

  it('should refuse an admin demoting or disabling themselves', async () => {
    await a.db.query(`UPDATE app_user SET roles = '{customer}' WHERE 'admin' = ANY(roles)`);
    const only = await signUp(a.http, a.db, { roles: ['admin'] });

    const self = await setRoles(a, only, only.id, ['customer']);
    const disableSelf = await a.http.put(`/api/v1/admin/users/${only.id}/status`).set(only.auth).send({ disabled: true });

    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DEMOTE_SELF');
    expect(disableSelf.status).toBe(409);
    expect(disableSelf.body.code).toBe('CANNOT_DISABLE_SELF');
    const [{ admins }] = await a.db.query(`SELECT count(*)::int AS admins FROM app_user WHERE 'admin' = ANY(roles) AND disabled_at IS NULL`);
    expect(admins).toBe(1);
  });
});
