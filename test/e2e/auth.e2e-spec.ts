import { randomUUID } from 'node:crypto';

import { signUp } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

describe('Accounts (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse a taken email with 409 EMAIL_TAKEN, case-insensitively', async () => {
    const user = await signUp(t.http, t.db);
    const again = await t.http
      .post('/api/v1/auth/register')
      .send({ email: user.email.toUpperCase(), password: 'another-password', name: 'Dup' })
      .expect(409);
    expect(again.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: expect.any(String), requestId: expect.any(String) });
  });

  it('should register only one account when the same email registers concurrently', async () => {
    const email = `race-${randomUUID()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.http.post('/api/v1/auth/register').send({ email, password: 'password-123', name: 'R' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('should store an argon2id hash, never the password', async () => {
    const user = await signUp(t.http, t.db);
    const [row] = await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(user.password);
  });

  it('should answer 401 for a wrong password or an unknown email', async () => {
    const user = await signUp(t.http, t.db);
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    await t.http.post('/api/v1/auth/login').send({ email: `nobody-${randomUUID()}@example.com`, password: 'whatever-1' }).expect(401);
  });

  it('should rotate refresh tokens and revoke the family when a spent token is reused', async () => {
    // Arrange
    const user = await signUp(t.http, t.db);

    // Act
    const rotated = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    const afterReuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken });

    // Assert
    expect(rotated.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(rotated.body.refreshToken).not.toBe(user.refreshToken);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    expect(afterReuse.status).toBe(401);
    await t.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${rotated.body.accessToken}` }).expect(200);
  });

  it('should let only one of two concurrent refreshes with the same token succeed', async () => {
    const user = await signUp(t.http, t.db);
    const results = await Promise.all([
      t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
      t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('should revoke the session on logout', async () => {
    const user = await signUp(t.http, t.db);
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    const refused = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    expect(refused.body.code).toBe('INVALID_REFRESH_TOKEN');
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
  });

  it('should reject forged, tampered or malformed access tokens with 401', async () => {
    const user = await signUp(t.http, t.db);
    const [header, payload] = user.accessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: user.id, roles: ['admin'], typ: 'access' })).toString('base64url');
    for (const token of [`${header}.${forgedPayload}.${user.accessToken.split('.')[2]}`, `${header}.${payload}.`, 'garbage']) {
      const res = await t.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${token}` }).expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    }
    await t.http.get('/api/v1/auth/me').set({ Authorization: 'Basic abc' }).expect(401);
    await t.http.get('/api/v1/auth/me').expect(401);
  });

  it('should let a public route ignore a bad token rather than fail', async () => {
    await t.http.get('/api/v1/categories').set({ Authorization: 'Bearer not-a-token' }).expect(200);
  });

  it('should report roles and permissions from /auth/me', async () => {
    const support = await signUp(t.http, t.db, { roles: ['support'] });
    const me = await t.http.get('/api/v1/auth/me').set(support.auth).expect(200);
    expect(me.body).toEqual({
      id: support.id,
      email: support.email,
      name: 'Test Customer',
      roles: ['support'],
      disabled: false,
      permissions: ['orders:read', 'orders:manage', 'users:read'],
    });
  });
});
