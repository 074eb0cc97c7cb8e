import { createProduct } from '../factories/catalog.factory';
import { signUp, SignedInUser } from '../factories/user.factory';
import { bootApp, TestApp } from '../setup/test-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface BadRequest {
  name: string;
  method: Method;
  path: string;
  as?: 'customer' | 'admin';
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  expected: number;
}

const UUID = '00000000-0000-4000-8000-000000000000';
const address = { name: 'A', phone: '+8801712345678', line1: 'Road 1', city: 'Dhaka' };

// Each row is one malformed request; every one must be a 4xx with the error body, never a 5xx.
const CASES: BadRequest[] = [
  { name: 'register: malformed JSON', method: 'post', path: '/auth/register', raw: '{"email":', expected: 400 },
  { name: 'register: body is an array', method: 'post', path: '/auth/register', body: [1, 2], expected: 400 },
  { name: 'register: body is a string', method: 'post', path: '/auth/register', raw: '"hello"', expected: 400 },
  { name: 'register: text/plain body', method: 'post', path: '/auth/register', raw: 'email=x', contentType: 'text/plain', expected: 415 },
  { name: 'register: missing fields', method: 'post', path: '/auth/register', body: {}, expected: 400 },
  { name: 'register: bad email', method: 'post', path: '/auth/register', body: { email: 'nope', password: 'password1', name: 'A' }, expected: 400 },
  { name: 'register: short password', method: 'post', path: '/auth/register', body: { email: 'a@b.co', password: 'short', name: 'A' }, expected: 400 },
  { name: 'register: long password', method: 'post', path: '/auth/register', body: { email: 'a@b.co', password: 'x'.repeat(129), name: 'A' }, expected: 400 },
  { name: 'register: number as name', method: 'post', path: '/auth/register', body: { email: 'a@b.co', password: 'password1', name: 5 }, expected: 400 },
  { name: 'register: unknown field', method: 'post', path: '/auth/register', body: { email: 'a@b.co', password: 'password1', name: 'A', roles: ['admin'] }, expected: 400 },
  { name: 'register: prototype pollution', method: 'post', path: '/auth/register', raw: '{"email":"a@b.co","password":"password1","name":"A","__proto__":{"x":1}}', expected: 400 },
  { name: 'register: oversized body', method: 'post', path: '/auth/register', body: { email: 'a@b.co', password: 'password1', name: 'x'.repeat(200_000) }, expected: 413 },
  { name: 'login: password as object', method: 'post', path: '/auth/login', body: { email: 'a@b.co', password: { $ne: 1 } }, expected: 400 },
  { name: 'refresh: missing token', method: 'post', path: '/auth/refresh', body: {}, expected: 400 },
  { name: 'refresh: garbage token', method: 'post', path: '/auth/refresh', body: { refreshToken: 'x'.repeat(40) }, expected: 401 },
  { name: 'logout: number token', method: 'post', path: '/auth/logout', body: { refreshToken: 12345678901 }, expected: 400 },
  { name: 'products: limit above 100', method: 'get', path: '/products?limit=101', expected: 400 },
  { name: 'products: limit zero', method: 'get', path: '/products?limit=0', expected: 400 },
  { name: 'products: page not a number', method: 'get', path: '/products?page=abc', expected: 400 },
  { name: 'products: fractional page', method: 'get', path: '/products?page=1.5', expected: 400 },
  { name: 'products: negative price', method: 'get', path: '/products?minPrice=-1', expected: 400 },
  { name: 'products: huge price', method: 'get', path: '/products?maxPrice=99999999999999999999', expected: 400 },
  { name: 'products: unknown sort', method: 'get', path: '/products?sort=random', expected: 400 },
  { name: 'products: unknown query param', method: 'get', path: '/products?admin=1', expected: 400 },
  { name: 'products: repeated param', method: 'get', path: '/products?page=1&page=2', expected: 400 },
  { name: 'products: over-long q', method: 'get', path: `/products?q=${'a'.repeat(101)}`, expected: 400 },
  { name: 'products: SQL-looking category', method: 'get', path: "/products?category=x'%20OR%201=1--", expected: 400 },
  { name: 'product: bad slug', method: 'get', path: '/products/NOT_A_SLUG!', expected: 400 },
  { name: 'product: unknown id', method: 'get', path: `/products/${UUID}`, expected: 404 },
  { name: 'product: unknown slug', method: 'get', path: '/products/no-such-product', expected: 404 },
  { name: 'cart add: missing quantity', method: 'post', path: '/cart/items', as: 'customer', body: { productId: UUID }, expected: 400 },
  { name: 'cart add: quantity 0', method: 'post', path: '/cart/items', as: 'customer', body: { productId: UUID, quantity: 0 }, expected: 400 },
  { name: 'cart add: quantity 100', method: 'post', path: '/cart/items', as: 'customer', body: { productId: UUID, quantity: 100 }, expected: 400 },
  { name: 'cart add: quantity as string', method: 'post', path: '/cart/items', as: 'customer', body: { productId: UUID, quantity: '2' }, expected: 400 },
  { name: 'cart add: fractional quantity', method: 'post', path: '/cart/items', as: 'customer', body: { productId: UUID, quantity: 1.5 }, expected: 400 },
  { name: 'cart add: bad product id', method: 'post', path: '/cart/items', as: 'customer', body: { productId: 'abc', quantity: 1 }, expected: 400 },
  { name: 'cart add: unknown product', method: 'post', path: '/cart/items', as: 'customer', body: { productId: UUID, quantity: 1 }, expected: 404 },
  { name: 'cart set: bad id in path', method: 'put', path: '/cart/items/abc', as: 'customer', body: { quantity: 1 }, expected: 400 },
  { name: 'cart set: negative quantity', method: 'put', path: `/cart/items/${UUID}`, as: 'customer', body: { quantity: -1 }, expected: 400 },
  { name: 'cart delete: bad id in path', method: 'delete', path: '/cart/items/1', as: 'customer', expected: 400 },
  { name: 'order: missing address', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'k1' }, body: { paymentMethod: 'cod' }, expected: 400 },
  { name: 'order: unknown payment method', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'k2' }, body: { shippingAddress: address, paymentMethod: 'cheque' }, expected: 400 },
  { name: 'order: address is a string', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'k3' }, body: { shippingAddress: 'Dhaka', paymentMethod: 'cod' }, expected: 400 },
  { name: 'order: unknown address field', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'k4' }, body: { shippingAddress: { ...address, floor: 3 }, paymentMethod: 'cod' }, expected: 400 },
  { name: 'order: bad phone', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'k5' }, body: { shippingAddress: { ...address, phone: 'call me' }, paymentMethod: 'cod' }, expected: 400 },
  { name: 'order: bad postal code', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'k6' }, body: { shippingAddress: { ...address, postalCode: '12' }, paymentMethod: 'cod' }, expected: 400 },
  { name: 'order: key with spaces', method: 'post', path: '/orders', as: 'customer', headers: { 'Idempotency-Key': 'a b' }, body: { shippingAddress: address, paymentMethod: 'cod' }, expected: 400 },
  { name: 'orders: bad page', method: 'get', path: '/orders?page=0', as: 'customer', expected: 400 },
  { name: 'order: bad id', method: 'get', path: '/orders/123', as: 'customer', expected: 400 },
  { name: 'order: unknown id', method: 'get', path: `/orders/${UUID}`, as: 'customer', expected: 404 },
  { name: 'pay: unknown outcome', method: 'post', path: `/orders/${UUID}/pay`, as: 'customer', body: { outcome: 'maybe' }, expected: 400 },
  { name: 'pay: bad id', method: 'post', path: '/orders/x/pay', as: 'customer', body: {}, expected: 400 },
  { name: 'cancel: unknown order', method: 'post', path: `/orders/${UUID}/cancel`, as: 'customer', expected: 404 },
  { name: 'admin category: bad slug', method: 'post', path: '/admin/categories', as: 'admin', body: { slug: 'Bad Slug', name: 'X' }, expected: 400 },
  { name: 'admin product: negative price', method: 'post', path: '/admin/products', as: 'admin', body: { sku: 'A-1', name: 'A', description: '', price: -5, categorySlug: 'gadgets', stock: 1 }, expected: 400 },
  { name: 'admin product: float price', method: 'post', path: '/admin/products', as: 'admin', body: { sku: 'A-1', name: 'A', description: '', price: 12.5, categorySlug: 'gadgets', stock: 1 }, expected: 400 },
  { name: 'admin product: lower-case sku', method: 'post', path: '/admin/products', as: 'admin', body: { sku: 'a-1', name: 'A', description: '', price: 5, categorySlug: 'gadgets', stock: 1 }, expected: 400 },
  { name: 'admin product: javascript: image', method: 'post', path: '/admin/products', as: 'admin', body: { sku: 'A-1', name: 'A', description: '', price: 5, categorySlug: 'gadgets', stock: 1, imageUrl: 'javascript:alert(1)' }, expected: 400 },
  { name: 'admin patch: unknown field', method: 'patch', path: `/admin/products/${UUID}`, as: 'admin', body: { stock: 5 }, expected: 400 },
  { name: 'admin patch: bad id', method: 'patch', path: '/admin/products/zzz', as: 'admin', body: {}, expected: 400 },
  { name: 'admin delete: unknown id', method: 'delete', path: `/admin/products/${UUID}`, as: 'admin', expected: 404 },
  { name: 'admin stock: negative', method: 'put', path: `/admin/products/${UUID}/stock`, as: 'admin', body: { onHand: -1 }, expected: 400 },
  { name: 'admin stock: unknown product', method: 'put', path: `/admin/products/${UUID}/stock`, as: 'admin', body: { onHand: 1 }, expected: 404 },
  { name: 'admin orders: bad status filter', method: 'get', path: '/admin/orders?status=open', as: 'admin', expected: 400 },
  { name: 'admin order status: unknown status', method: 'patch', path: `/admin/orders/${UUID}/status`, as: 'admin', body: { status: 'lost' }, expected: 400 },
  { name: 'admin order status: unknown order', method: 'patch', path: `/admin/orders/${UUID}/status`, as: 'admin', body: { status: 'paid' }, expected: 404 },
  { name: 'admin users: over-long q', method: 'get', path: `/admin/users?q=${'x'.repeat(101)}`, as: 'admin', expected: 400 },
  { name: 'admin roles: not an array', method: 'put', path: `/admin/users/${UUID}/roles`, as: 'admin', body: { roles: 'admin' }, expected: 400 },
  { name: 'admin audit: bad limit', method: 'get', path: '/admin/audit-log?limit=1000', as: 'admin', expected: 400 },
  { name: 'unknown route', method: 'get', path: '/nothing-here', expected: 404 },
];

describe('Malformed input (e2e)', () => {
  let t: TestApp;
  let users: Record<'customer' | 'admin', SignedInUser>;

  beforeAll(async () => {
    t = await bootApp();
    await createProduct(t.db, { categorySlug: 'gadgets' });
    users = { customer: await signUp(t.http, t.db), admin: await signUp(t.http, t.db, { roles: ['admin'] }) };
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)('should answer $expected with the error body for $name', async (c) => {
    let req = t.http[c.method](`/api/v1${c.path}`).set('X-Request-Id', `bad-input-${c.expected}`);
    if (c.as) req = req.set(users[c.as].auth);
    for (const [key, value] of Object.entries(c.headers ?? {})) req = req.set(key, value);
    if (c.raw !== undefined) req = req.set('Content-Type', c.contentType ?? 'application/json').send(c.raw);
    else if (c.body !== undefined) req = req.send(c.body as object);

    const res = await req;

    expect(res.status).toBe(c.expected);
    expect(res.body).toEqual({
      statusCode: c.expected,
      code: expect.stringMatching(/^[A-Z][A-Z_]+$/),
      message: expect.any(String),
      requestId: `bad-input-${c.expected}`,
      ...(res.body.details ? { details: expect.anything() } : {}),
    });
    expect(res.headers['x-request-id']).toBe(`bad-input-${c.expected}`);
  });

  it('should have written nothing for any of the malformed requests', async () => {
    const [{ orders }] = await t.db.query(`SELECT count(*)::int AS orders FROM orders`);
    const [{ products }] = await t.db.query(`SELECT count(*)::int AS products FROM product`);
    const [{ audits }] = await t.db.query(`SELECT count(*)::int AS audits FROM audit_log`);
    expect({ orders, products, audits }).toEqual({ orders: 0, products: 1, audits: 0 });
  });
});
