import { ApiError, buildUrl, createApiClient, localTokenStore, TokenStore, Tokens } from './api';

function memoryStore(initial: Tokens | null): TokenStore & { value: Tokens | null } {
  const store = {
    value: initial,
    get: () => store.value,
    set: (t: Tokens | null) => {
      store.value = t;
    },
  };
  return store;
}

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** A fake API: access token "good-N" is valid for the current generation N; refresh rotates. */
function fakeServer(options: { refreshOk?: boolean; refreshDelayMs?: number } = {}) {
  let generation = 1;
  const calls: Array<{ url: string; auth?: string; body?: string }> = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ url, auth: headers.Authorization, body: init?.body as string | undefined });
    if (url.endsWith('/auth/refresh')) {
      if (options.refreshDelayMs) await new Promise((r) => setTimeout(r, options.refreshDelayMs));
      if (options.refreshOk === false) return json(401, { statusCode: 401, code: 'INVALID_REFRESH_TOKEN', message: 'Invalid refresh token' });
      generation += 1;
      return json(200, { accessToken: `good-${generation}`, refreshToken: `refresh-${generation}`, expiresIn: 900 });
    }
    if (headers.Authorization !== `Bearer good-${generation}`) {
      return json(401, { statusCode: 401, code: 'UNAUTHORIZED', message: 'Unauthorized', requestId: 'r1' });
    }
    return json(200, { ok: true, url });
  });
  return { fetchImpl, calls, expire: () => (generation += 100) };
}

describe('api client', () => {
  it('builds /api/v1 URLs with query strings, leaving empty values out', () => {
    expect(buildUrl('', '/products', { q: 'tv', page: 2, category: '', sort: undefined })).toBe('/api/v1/products?q=tv&page=2');
    expect(buildUrl('', '/health/ready')).toBe('/health/ready');
  });

  it('sends the bearer token and parses JSON', async () => {
    const server = fakeServer();
    const api = createApiClient({ fetch: server.fetchImpl as typeof fetch, tokens: memoryStore({ accessToken: 'good-1', refreshToken: 'refresh-1' }) });
    await expect(api.get('/cart')).resolves.toEqual({ ok: true, url: '/api/v1/cart' });
    expect(server.calls[0].auth).toBe('Bearer good-1');
  });

  it('on 401 refreshes once and retries the request', async () => {
    const server = fakeServer();
    const tokens = memoryStore({ accessToken: 'stale', refreshToken: 'refresh-1' });
    const api = createApiClient({ fetch: server.fetchImpl as typeof fetch, tokens });
    await expect(api.get('/orders')).resolves.toMatchObject({ ok: true });
    expect(server.calls.map((c) => c.url)).toEqual(['/api/v1/orders', '/api/v1/auth/refresh', '/api/v1/orders']);
    expect(JSON.parse(server.calls[1].body!)).toEqual({ refreshToken: 'refresh-1' });
    expect(tokens.value).toEqual({ accessToken: 'good-2', refreshToken: 'refresh-2' });
  });

  it('shares one refresh between concurrent 401s', async () => {
    const server = fakeServer({ refreshDelayMs: 20 });
    const api = createApiClient({ fetch: server.fetchImpl as typeof fetch, tokens: memoryStore({ accessToken: 'stale', refreshToken: 'refresh-1' }) });
    const results = await Promise.all([api.get('/a'), api.get('/b'), api.get('/c'), api.get('/d')]);
    expect(results).toHaveLength(4);
    expect(server.calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(server.calls.filter((c) => c.auth === 'Bearer good-2')).toHaveLength(4);
  });

  it('a 401 that arrives after another request already refreshed just retries with the new token', async () => {
    const tokens = memoryStore({ accessToken: 'old', refreshToken: 'refresh-1' });
    const calls: string[] = [];
    const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const auth = ((init?.headers ?? {}) as Record<string, string>).Authorization;
      calls.push(`${String(input)} ${auth ?? ''}`);
      if (auth === 'Bearer old') {
        // meanwhile another request rotated the tokens
        tokens.value = { accessToken: 'new', refreshToken: 'refresh-2' };
        return json(401, { statusCode: 401, code: 'UNAUTHORIZED', message: 'Unauthorized' });
      }
      return json(200, { ok: true });
    });
    const api = createApiClient({ fetch: fetchImpl as unknown as typeof fetch, tokens });
    await expect(api.get('/orders')).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['/api/v1/orders Bearer old', '/api/v1/orders Bearer new']);
  });

  it('when refresh fails: clears the session, tells listeners once, and rejects with SESSION_EXPIRED', async () => {
    const server = fakeServer({ refreshOk: false });
    const tokens = memoryStore({ accessToken: 'stale', refreshToken: 'revoked' });
    const api = createApiClient({ fetch: server.fetchImpl as typeof fetch, tokens });
    const expired = vi.fn();
    api.onSessionExpired(expired);
    const results = await Promise.allSettled([api.get('/a'), api.get('/b')]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    }
    expect(expired).toHaveBeenCalledTimes(1);
    expect(tokens.value).toBeNull();
    expect(server.calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('never refreshes for requests sent without a token (e.g. a wrong password)', async () => {
    const fetchImpl = vi.fn(async () => json(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' }));
    const api = createApiClient({ fetch: fetchImpl as unknown as typeof fetch, tokens: memoryStore({ accessToken: 'x', refreshToken: 'y' }) });
    const expired = vi.fn();
    api.onSessionExpired(expired);
    await expect(api.request('/auth/login', { method: 'POST', body: {}, auth: false })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid email or password',
    });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(expired).not.toHaveBeenCalled();
  });

  it('surfaces the API error message, code and requestId', async () => {
    const fetchImpl = vi.fn(async () =>
      json(409, { statusCode: 409, code: 'OUT_OF_STOCK', message: 'Not enough stock for: Walton Pro 12 Phone', requestId: 'abc' }),
    );
    const api = createApiClient({ fetch: fetchImpl as unknown as typeof fetch, tokens: memoryStore(null) });
    const error = await api.post('/orders', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'OUT_OF_STOCK', message: 'Not enough stock for: Walton Pro 12 Phone', requestId: 'abc' });
  });

  it('turns network failures into a readable error', async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createApiClient({ fetch: fetchImpl as unknown as typeof fetch, tokens: memoryStore(null) });
    await expect(api.get('/products')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('returns undefined for 204', async () => {
    const fetchImpl = vi.fn(async () => new Response(null, { status: 204 }));
    const api = createApiClient({ fetch: fetchImpl as unknown as typeof fetch, tokens: memoryStore(null) });
    await expect(api.del('/cart')).resolves.toBeUndefined();
  });
});

describe('localTokenStore', () => {
  it('persists tokens and ignores junk', () => {
    const store = localTokenStore('t');
    expect(store.get()).toBeNull();
    store.set({ accessToken: 'a', refreshToken: 'r' });
    expect(store.get()).toEqual({ accessToken: 'a', refreshToken: 'r' });
    localStorage.setItem('t', '{not json');
    expect(store.get()).toBeNull();
    store.set(null);
    expect(localStorage.getItem('t')).toBeNull();
  });
});
