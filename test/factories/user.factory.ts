import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { DataSource } from 'typeorm';

export interface SignedInUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** Registers through the real API; with roles, grants them in the database and signs in again for a fresh token. */
export async function signUp(
  http: supertest.Agent,
  db: DataSource,
  options: { roles?: string[]; email?: string; name?: string } = {},
): Promise<SignedInUser> {
  const email = options.email ?? `user-${randomUUID()}@example.com`;
  const password = 'correct-horse-battery';
  const registered = await http
    .post('/api/v1/auth/register')
    .send({ email, password, name: options.name ?? 'Test Customer' })
    .expect(201);
  let body = registered.body as { user: { id: string }; accessToken: string; refreshToken: string };
  if (options.roles) {
    await db.query(`UPDATE app_user SET roles = $2 WHERE id = $1`, [body.user.id, options.roles]);
    body = (await http.post('/api/v1/auth/login').send({ email, password }).expect(200)).body as typeof body;
  }
  return {
    id: body.user.id,
    email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

export const SHIPPING = {
  shippingAddress: { name: 'Rahim Uddin', phone: '+8801712345678', line1: 'House 12, Road 5, Dhanmondi', city: 'Dhaka' },
  paymentMethod: 'cod',
} as const;
