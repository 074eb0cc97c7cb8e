import { randomUUID } from 'node:crypto';

import { createProduct, stockOf } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

const ID = '00000000-0000-4000-8000-000000000000';

// Every admin route with the body it needs and the roles allowed to call it (admin holds every permission).
const ADMIN_ROUTES: Array<{
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  body?: object;
  roles: string[];
}> = [
  {
    method: 'post',
    path: '/api/v1/admin/categories',
    body: { slug: 'x', name: 'X' },
    roles: ['catalog_manager'],
  },
  { method: 'get', path: '/api/v1/admin/products', roles: ['catalog_manager'] },
  { method: 'get', path: `/api/v1/admin/products/${ID}`, roles: ['catalog_manager'] },
  { method: 'post', path: '/api/v1/admin/products', body: {}, roles: ['catalog_manager'] },
  { method: 'patch', path: `/api/v1/admin/products/${ID}`, body: {}, roles: ['catalog_manager'] },
  { method: 'delete', path: `/api/v1/admin/products/${ID}`, roles: ['catalog_manager'] },
  {
    method: 'put',
    path: `/api/v1/admin/products/${ID}/stock`,
    body: { onHand: 1 },
    roles: ['catalog_manager'],
  },
  { method: 'get', path: '/api/v1/admin/orders', roles: ['support'] },
  { method: 'get', path: `/api/v1/admin/orders/${ID}`, roles: ['support'] },
  {
    method: 'patch',
    path: `/api/v1/admin/orders/${ID}/status`,
    body: { status: 'paid' },
    roles: ['support'],
  },
  { method: 'get', path: '/api/v1/admin/users', roles: ['support'] },
  { method: 'put', path: `/api/v1/admin/users/${ID}/roles`, body: { roles: [] }, roles: [] },
  { method: 'put', path: `/api/v1/admin/users/${ID}/status`, body: { disabled: true }, roles: [] },
  { method: 'get', path: '/api/v1/admin/audit-log', roles: [] },
];

describe('Admin (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let customer: SignedInUser;
  let support: SignedInUser;
  let catalogManager: SignedInUser;

  beforeAll(async () => {
    t = await bootApp();
    [admin, customer, support, catalogManager] = await Promise.all([
      signUp(t.http, t.db, { roles: ['admin'] }),
      signUp(t.http, t.db),
      signUp(t.http, t.db, { roles: ['support'] }),
      signUp(t.http, t.db, { roles: ['catalog_manager'] }),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should cover every admin route that the app serves', async () => {
    // The OpenAPI document lists every route (the openapi e2e test keeps it complete).
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/admin'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method} ${path.replace(/\{[^}]+\}/g, ':id')}`),
      )
      .sort();
    const declared = ADMIN_ROUTES.map((r) => `${r.method} ${r.path.replace(ID, ':id')}`).sort();
    expect(declared).toEqual(served);
  });

  it.each(ADMIN_ROUTES)(
    'should answer 401 anonymous and 403 to a customer on $method $path',
    async (route) => {
      const anon = await t.http[route.method](route.path).send(route.body ?? {});
      expect(anon.status).toBe(401);
      expect(anon.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHORIZED',
        message: expect.any(String),
        requestId: expect.any(String),
      });
      const asCustomer = await t.http[route.method](route.path)
        .set(customer.auth)
        .send(route.body ?? {});
      expect(asCustomer.status).toBe(403);
      expect(asCustomer.body.code).toBe('FORBIDDEN');
    },
  );

  it.each(ADMIN_ROUTES)(
    'should let exactly the right staff roles past the guard on $method $path',
    async (route) => {
      for (const [role, user] of [
        ['support', support],
        ['catalog_manager', catalogManager],
        ['admin', admin],
      ] as const) {
        const res = await t.http[route.method](route.path)
          .set(user.auth)
          .send(route.body ?? {});
        if (role === 'admin' || route.roles.includes(role)) expect(res.status).not.toBe(403);
        else expect(res.status).toBe(403);
      }
    },
  );

  it('should manage the catalog and record every write in the audit log with a diff', async () => {
    // categories
    const category = await t.http
      .post('/api/v1/admin/categories')
      .set(catalogManager.auth)
      .send({ slug: 'drones', name: 'Drones' })
      .expect(201);
    expect(
      (
        await t.http
          .post('/api/v1/admin/categories')
          .set(admin.auth)
          .send({ slug: 'drones', name: 'Again' })
          .expect(409)
      ).body.code,
    ).toBe('SLUG_TAKEN');

    // create, with a taken SKU and an unknown category refused
    const body = {
      sku: 'DRN-0001',
      name: 'DJI Mini Drone',
      description: 'Foldable 4K drone',
      price: 6_500_000,
      categorySlug: 'drones',
      stock: 7,
    };
    const created = await t.http
      .post('/api/v1/admin/products')
      .set(catalogManager.auth)
      .send(body)
      .expect(201);
    expect(created.body).toMatchObject({
      sku: 'DRN-0001',
      price: 6_500_000,
      stock: 7,
      stockOnHand: 7,
      stockAllocated: 0,
      isActive: true,
      category: { id: category.body.id },
    });
    expect(
      (await t.http.post('/api/v1/admin/products').set(admin.auth).send(body).expect(409)).body.code,
    ).toBe('SKU_TAKEN');
    expect(
      (
        await t.http
          .post('/api/v1/admin/products')
          .set(admin.auth)
          .send({ ...body, sku: 'DRN-0002', categorySlug: 'nope' })
          .expect(400)
      ).body.code,
    ).toBe('UNKNOWN_CATEGORY');
    const found = await t.http.get('/api/v1/products?q=dji mini').expect(200);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);

    // update and deactivate
    const updated = await t.http
      .patch(`/api/v1/admin/products/${created.body.id}`)
      .set(admin.auth)
      .send({ price: 6_200_000 })
      .expect(200);
    expect(updated.body.price).toBe(6_200_000);
    await t.http.delete(`/api/v1/admin/products/${created.body.id}`).set(admin.auth).expect(200);
    await t.http.get(`/api/v1/products/${created.body.id}`).expect(404);
    expect((await t.http.get('/api/v1/products?q=dji').expect(200)).body.total).toBe(0);
    const stillThere = await t.http
      .get(`/api/v1/admin/products/${created.body.id}`)
      .set(admin.auth)
      .expect(200);
    expect(stillThere.body.isActive).toBe(false);
    await t.http
      .patch(`/api/v1/admin/products/${created.body.id}`)
      .set(admin.auth)
      .send({ isActive: true })
      .expect(200);
    await t.http
      .patch(`/api/v1/admin/products/${randomUUID()}`)
      .set(admin.auth)
      .send({ price: 1 })
      .expect(404);

    // audit
    const audit = await t.http.get('/api/v1/admin/audit-log').set(admin.auth).expect(200);
    const mine = audit.body.items.filter((e: { targetId: string }) =>
      [created.body.id, category.body.id].includes(e.targetId),
    );
    expect(mine.map((e: { action: string }) => e.action)).toEqual([
      'product.update',
      'product.deactivate',
      'product.update',
      'product.create',
      'category.create',
    ]);
    const priceChange = mine[2];
    expect(priceChange).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: 'product',
      targetId: created.body.id,
    });
    expect(priceChange.diff).toEqual({ price: { from: 6_500_000, to: 6_200_000 } });
    expect(mine[1].diff).toEqual({ isActive: { from: true, to: false } });
  });

  it('should refuse to set stock below what open orders reserved', async () => {
    const product = await createProduct(t.db, { stock: 5 });
    await t.http
      .post('/api/v1/cart/items')
      .set(customer.auth)
      .send({ productId: product.id, quantity: 3 })
      .expect(200);
    await t.http
      .post('/api/v1/orders')
      .set(customer.auth)
      .set('Idempotency-Key', randomUUID())
      .send(SHIPPING)
      .expect(201);

    const below = await t.http
      .put(`/api/v1/admin/products/${product.id}/stock`)
      .set(catalogManager.auth)
      .send({ onHand: 2 })
      .expect(409);
    expect(below.body.code).toBe('STOCK_BELOW_RESERVED');
    const ok = await t.http
      .put(`/api/v1/admin/products/${product.id}/stock`)
      .set(catalogManager.auth)
      .send({ onHand: 3 })
      .expect(200);
    expect(ok.body).toMatchObject({ stockOnHand: 3, stockAllocated: 3, stock: 0 });
    expect(await stockOf(t.db, product.id)).toEqual({ onHand: 3, allocated: 3 });
  });

  it('should list orders by status for support', async () => {
    const list = await t.http
      .get('/api/v1/admin/orders?status=pending_payment')
      .set(support.auth)
      .expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    expect(list.body.items.every((o: { status: string }) => o.status === 'pending_payment')).toBe(true);
    await t.http.get('/api/v1/admin/orders?status=lost').set(support.auth).expect(400);
  });

  it('should search users and change roles, never letting an admin demote themself', async () => {
    const target = await signUp(t.http, t.db, { name: 'Nusrat Jahan' });
    const search = await t.http.get('/api/v1/admin/users?q=nusrat').set(support.auth).expect(200);
    expect(search.body.items.map((u: { id: string }) => u.id)).toEqual([target.id]);

    await t.http
      .put(`/api/v1/admin/users/${target.id}/roles`)
      .set(support.auth)
      .send({ roles: ['admin'] })
      .expect(403);
    const promoted = await t.http
      .put(`/api/v1/admin/users/${target.id}/roles`)
      .set(admin.auth)
      .send({ roles: ['support', 'catalog_manager'] })
      .expect(200);
    expect(promoted.body.roles).toEqual(['catalog_manager', 'support']);
    const relogin = await t.http
      .post('/api/v1/auth/login')
      .send({ email: target.email, password: target.password })
      .expect(200);
    await t.http
      .get('/api/v1/admin/orders')
      .set({ Authorization: `Bearer ${relogin.body.accessToken}` })
      .expect(200);

    expect(
      (
        await t.http
          .put(`/api/v1/admin/users/${target.id}/roles`)
          .set(admin.auth)
          .send({ roles: ['owner'] })
          .expect(400)
      ).body.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await t.http
          .put(`/api/v1/admin/users/${admin.id}/roles`)
          .set(admin.auth)
          .send({ roles: ['support'] })
          .expect(409)
      ).body.code,
    ).toBe('CANNOT_DEMOTE_SELF');
    await t.http
      .put(`/api/v1/admin/users/${randomUUID()}/roles`)
      .set(admin.auth)
      .send({ roles: [] })
      .expect(404);
    const audit = await t.http.get('/api/v1/admin/audit-log?limit=1').set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'user.set_roles',
      diff: { roles: { from: ['customer'], to: ['catalog_manager', 'support'] } },
    });
  });
});
