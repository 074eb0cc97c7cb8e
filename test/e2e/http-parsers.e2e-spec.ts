import { securityHeaders } from 'src/platform/http/security-headers';

import { bootApp, TestApp } from '../setup/test-app';
import { rawExchange, RawResponse } from '../setup/raw-http';

const ERROR_BODY = {
  statusCode: expect.any(Number),
  code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
  message: expect.any(String),
  requestId: expect.any(String),
};

/** The documented error body and the security headers on a response read off a raw socket. */
function expectShaped(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body).toEqual({ ...ERROR_BODY, statusCode: status, code });
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  for (const [name, value] of Object.entries(securityHeaders())) expect([name, res.headers[name]]).toEqual([name, value]);
  expect(res.headers['x-request-id']).toBe(body.requestId);
}

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('HTTP parsers and framework errors (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('JSON nesting depth', () => {
    it.each([
      ['a top-level array', '/api/v1/auth/register', nested(20_000)],
      ['a deep value in a field', '/api/v1/auth/register', `{"email":"a@b.co","password":"password1","name":${nested(20_000)}}`],
      ['deep objects', '/api/v1/auth/login', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
      ['a deep shipping address', '/api/v1/orders', `{"shippingAddress":${'{"x":'.repeat(40)}1${'}'.repeat(40)},"paymentMethod":"cod"}`],
    ])('should answer 400 JSON_TOO_DEEP for %s', async (_name, path, raw) => {
      const res = await t.http
        .post(path)
        .set('Content-Type', 'application/json')
        .set('X-Request-Id', 'deep-json')
        .send(raw);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ...ERROR_BODY, statusCode: 400, code: 'JSON_TOO_DEEP', requestId: 'deep-json' });
    });

    it('should still parse ordinary nesting and brackets inside strings', async () => {
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ email: 'a@b.co', password: 'password1', name: '[[[[{{{{'.repeat(100), extra: [[[[[1]]]]] });

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('other bodies, URLs and query strings', () => {
    it.each([
      ['XML body', 'POST', '/api/v1/auth/login', { 'Content-Type': 'application/xml' }, '<a/>', 415],
      ['form body', 'POST', '/api/v1/auth/login', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1', 415],
      ['text body', 'POST', '/api/v1/auth/login', { 'Content-Type': 'text/plain' }, '{"email":"a@b.co"}', 415],
      ['JSON in another charset', 'POST', '/api/v1/auth/login', { 'Content-Type': 'application/json; charset=koi8-r' }, '{}', 415],
      ['empty JSON body', 'POST', '/api/v1/auth/login', { 'Content-Type': 'application/json' }, '', 400],
      ['JSON null', 'POST', '/api/v1/auth/login', { 'Content-Type': 'application/json' }, 'null', 400],
      ['bad percent-encoding in the path', 'GET', '/api/v1/products/%E0%A4%A', {}, undefined, 400],
      ['a lone percent in the path', 'GET', '/api/v1/products/a%', {}, undefined, 400],
      ['an over-long path parameter', 'GET', `/api/v1/products/${'a'.repeat(2_000)}`, {}, undefined, 414],
      ['a query array', 'GET', '/api/v1/products?q[]=a', {}, undefined, 400],
      ['a query param with no name', 'GET', '/api/v1/products?=1', {}, undefined, 400],
    ])('should answer %s with the error body', async (_name, method, path, headers, body, status) => {
      let req = method === 'GET' ? t.http.get(path) : t.http.post(path);
      req = req.set('X-Request-Id', 'odd-input');
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      if (body !== undefined) req = req.send(body);

      const res = await req;

      expect(res.status).toBe(status);
      expect(res.body).toEqual({ ...ERROR_BODY, statusCode: status, requestId: 'odd-input' });
      expect(res.headers['x-request-id']).toBe('odd-input');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  it.each([
    ['bad percent-encoding in the query (kept as typed)', '/api/v1/products?q=%E0%A4%A'],
    ['__proto__ in the query (dropped by the parser)', '/api/v1/products?__proto__=1'],
    ['LIKE and tsquery operators in q', '/api/v1/products?q=a%27%26%7C!%5C%25_'],
  ])('should serve %s without an error', async (_name, path) => {
    await t.http.get(path).expect(200);
  });

  it('should not accept charset utf-8 written differently as another charset', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json; charset="UTF-8"')
      .send('{"email":"a@b.co","password":"x"}');

    expect(res.status).toBe(401);
  });

  describe('errors from the HTTP parser itself (raw sockets)', () => {
    it('should answer a body without a Content-Type with 415 and the error body', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}');
      });

      expectShaped(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });


    it('should answer a malformed header line with 400, the error body and the security headers', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write('GET /api/v1/categories HTTP/1.1\r\nHost: x\r\nThis is not a header\r\n\r\n');
      });

      expectShaped(res, 400, 'MALFORMED_REQUEST');
      expect(res.closedAfterMs).toBeDefined();
    });

    it('should answer a request line that is not HTTP with 400 and the error body', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write('HELLO THERE\r\n\r\n');
      });

      expectShaped(res, 400, 'MALFORMED_REQUEST');
    });

    it('should answer conflicting Content-Length and Transfer-Encoding with 400 and the error body', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write(
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
        );
      });

      expectShaped(res, 400, 'MALFORMED_REQUEST');
    });

    it('should answer headers above the limit with 431, the error body and the security headers', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write(`GET /api/v1/categories HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });

      expectShaped(res, 431, 'HEADERS_TOO_LARGE');
    });

    it('should answer a URL above the header limit with 431 and the error body', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write(`GET /api/v1/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      });

      expectShaped(res, 431, 'HEADERS_TOO_LARGE');
    });

    it('should answer a bad URL on a raw socket with the error body and the security headers', async () => {
      const res = await rawExchange(t.baseUrl, (s) => {
        s.write('GET /api/v1/products/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      });

      expectShaped(res, 400, 'MALFORMED_URL');
    });

    it('should keep serving after all of that', async () => {
      await t.http.get('/api/v1/categories').expect(200);
    });
  });
});
