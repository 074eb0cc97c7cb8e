import { randomUUID } from 'node:crypto';

import { createProduct } from '../factories/catalog.factory';
import { SHIPPING, signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

type Method = 'get' | 'post' | 'put' | 'patch';
interface Case {
  name: string;
  method: Method;
  path: string;
  as?: 'customer' | 'admin';
  body?: unknown;
  /** A JSON text sent as is (for keys that JSON.stringify would not produce). */
  raw?: string;
  idempotent?: boolean;
}

const UUID = '00000000-0000-4000-8000-000000000000';
const NUL = '\u0000';
const product = (overrides: Record<string, unknown>) => ({
  sku: `CC-${Math.floor(Math.random() * 1e9)}`,
  name: 'Control Test Phone',
  description: 'A phone',
  price: 1000,
  categorySlug: 'gadgets',
  stock: 5,
  ...overrides,
});
const address = (overrides: Record<string, unknown>) => ({
  ...SHIPPING,
  shippingAddress: { ...SHIPPING.shippingAddress, ...overrides },
});

// One row per route family and kind of input (body, nested body, query, path parameter, JSON key).
const REJECTED: Case[] = [
  { name: 'register: NUL in the name', method: 'post', path: '/auth/register', body: { email: 'nul@example.com', password: 'password123', name: `Ra${NUL}him` } },
  { name: 'register: newline in the name', method: 'post', path: '/auth/register', body: { email: 'nl@example.com', password: 'password123', name: 'Rahim\nUddin' } },
  { name: 'register: escape in the name', method: 'post', path: '/auth/register', body: { email: 'esc@example.com', password: 'password123', name: 'Rahim\u001b[31m' } },
  { name: 'register: NUL in the password', method: 'post', path: '/auth/register', body: { email: 'pw@example.com', password: `password${NUL}123`, name: 'Rahim' } },
  { name: 'login: bell in the email', method: 'post', path: '/auth/login', body: { email: 'a\u0007@b.co', password: 'password123' } },
  { name: 'refresh: NUL in the token', method: 'post', path: '/auth/refresh', body: { refreshToken: `${'x'.repeat(40)}${NUL}` } },
  { name: 'register: NUL in a JSON key', method: 'post', path: '/auth/register', raw: '{"email":"k@example.com","password":"password123","name":"A","na\\u0000me":"B"}' },
  { name: 'catalog: NUL in q', method: 'get', path: '/products?q=%00' },
  { name: 'catalog: escape in q', method: 'get', path: '/products?q=phone%1B' },
  { name: 'catalog: DEL in q', method: 'get', path: '/products?q=phone%7F' },
  { name: 'catalog: tab in q', method: 'get', path: '/products?q=phone%09case' },
  { name: 'catalog: NUL in category', method: 'get', path: '/products?category=%00' },
  { name: 'catalog: NUL in a path parameter', method: 'get', path: '/products/abc%00' },
  { name: 'cart: NUL in the product id', method: 'post', path: '/cart/items', as: 'customer', body: { productId: `${UUID}${NUL}`, quantity: 1 } },
  { name: 'cart: NUL in a path parameter', method: 'put', path: `/cart/items/${UUID}%00`, as: 'customer', body: { quantity: 1 } },
  { name: 'orders: NUL in the address line', method: 'post', path: '/orders', as: 'customer', idempotent: true, body: address({ line1: `House 1${NUL}` }) },
  { name: 'orders: CR LF in the recipient name', method: 'post', path: '/orders', as: 'customer', idempotent: true, body: address({ name: 'Rahim\r\nBcc: x@y.z' }) },
  { name: 'orders: NUL in the city', method: 'post', path: '/orders', as: 'customer', idempotent: true, body: address({ city: `Dhaka${NUL}` }) },
  { name: 'orders: NUL in the page query', method: 'get', path: '/orders?page=1%00', as: 'customer' },
  { name: 'admin products: NUL in the name', method: 'post', path: '/admin/products', as: 'admin', body: product({ name: `Phone${NUL}` }) },
  { name: 'admin products: NUL in the description', method: 'post', path: '/admin/products', as: 'admin', body: product({ description: `Line${NUL}` }) },
  { name: 'admin products: newline in the name', method: 'post', path: '/admin/products', as: 'admin', body: product({ name: 'Phone\nX' }) },
  { name: 'admin products: backspace in a patched name', method: 'patch', path: `/admin/products/${UUID}`, as: 'admin', body: { name: 'Phone\b' } },
  { name: 'admin products: NUL in the search', method: 'get', path: '/admin/products?q=%00', as: 'admin' },
  { name: 'admin categories: NUL in the name', method: 'post', path: '/admin/categories', as: 'admin', body: { slug: 'nul-cat', name: `Cat${NUL}` } },
  { name: 'admin users: NUL in the search', method: 'get', path: '/admin/users?q=%00', as: 'admin' },
];

describe('Control characters in input (e2e)', () => {
  let t: TestApp;
  let users: Record<'customer' | 'admin', SignedInUser>;

  beforeAll(async () => {
    t = await bootApp();
    const phone = await createProduct(t.db, { categorySlug: 'gadgets', stock: 10 });
    users = { customer: await signUp(t.http, t.db), admin: await signUp(t.http, t.db, { roles: ['admin'] }) };
    await t.http.post('/api/v1/cart/items').set(users.customer.auth).send({ productId: phone.id, quantity: 1 }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(REJECTED)('should answer 400 INVALID_CHARACTERS for $name', async (c) => {
    let req = t.http[c.method](`/api/v1${c.path}`).set('X-Request-Id', 'control-chars');
    if (c.as) req = req.set(users[c.as].auth);
    if (c.idempotent) req = req.set('Idempotency-Key', randomUUID());
    if (c.raw !== undefined) req = req.set('Content-Type', 'application/json').send(c.raw);
    else if (c.body !== undefined) req = req.send(c.body as object);

    const res = await req;

    expect(res.body).toEqual({
      statusCode: 400,
      code: 'INVALID_CHARACTERS',
      message: expect.stringMatching(/must not contain control characters/),
      requestId: 'control-chars',
    });
    expect(res.status).toBe(400);
  });

  it('should have written nothing for the rejected requests', async () => {
    const [{ orders }] = await t.db.query(`SELECT count(*)::int AS orders FROM orders`);
    const [{ users: accounts }] = await t.db.query(`SELECT count(*)::int AS users FROM app_user`);
    const [{ products }] = await t.db.query(`SELECT count(*)::int AS products FROM product`);
    expect({ orders, accounts, products }).toEqual({ orders: 0, accounts: 2, products: 1 });
  });

  it('should accept line breaks and tabs in a product description, and any printable Unicode', async () => {
    const description = 'Line one\nLine two\r\n\tIndented: ৳ 1,200 — ভালো ফোন 📱';

    const created = await t.http
      .post('/api/v1/admin/products')
      .set(users.admin.auth)
      .send(product({ name: 'ফোন Pro “Max”', description }))
      .expect(201);
    const patched = await t.http
      .patch(`/api/v1/admin/products/${created.body.id}`)
      .set(users.admin.auth)
      .send({ description: `${description}\nLine three` })
      .expect(200);
    const found = await t.http.get(`/api/v1/products?q=${encodeURIComponent('ভালো ফোন')}`).expect(200);

    expect(created.body.description).toBe(description);
    expect(patched.body.description).toBe(`${description}\nLine three`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    await t.http
      .post('/api/v1/auth/register')
      .send({ email: 'bn@example.com', password: 'password123', name: 'রহিম উদ্দিন' })
      .expect(201);
  });
});
