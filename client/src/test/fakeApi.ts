import { vi } from 'vitest';

export type Handler = (req: { method: string; path: string; search: URLSearchParams; headers: Record<string, string>; body: unknown }) =>
  | { status?: number; body?: unknown }
  | Promise<{ status?: number; body?: unknown }>
  | undefined;

/** Replaces global fetch with a tiny router over /api/v1 paths; records every request. */
export function installFakeApi(handler: Handler) {
  const requests: Array<{ method: string; path: string; headers: Record<string, string>; body: unknown }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, path, headers, body });
    const answer = (await handler({ method, path, search: url.searchParams, headers, body })) ?? {
      status: 404,
      body: { statusCode: 404, code: 'NOT_FOUND', message: `no fake for ${method} ${path}` },
    };
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined || status === 204 ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

export const customer = { id: 'u1', email: 'rahim@example.com', name: 'Rahim', roles: ['customer'], permissions: [] as string[] };
export const admin = {
  id: 'a1',
  email: 'admin@dhakacart.local',
  name: 'Admin',
  roles: ['admin'],
  permissions: ['catalog:write', 'inventory:write', 'orders:read', 'orders:manage', 'users:read', 'users:manage', 'audit:read'],
};

export function signedIn() {
  localStorage.setItem('dhakacart.session', JSON.stringify({ accessToken: 'good', refreshToken: 'refresh' }));
}

export const product = {
  id: 'p1',
  sku: 'PHN-000001',
  slug: 'walton-pro-12-phone-phn-000001',
  name: 'Walton Pro 12 Phone',
  description: 'A phone.',
  price: 129900,
  currency: 'BDT',
  stock: 3,
  category: { id: 'c1', slug: 'smartphones', name: 'Smartphones' },
  imageUrl: null,
};

export const cart = {
  items: [{ productId: 'p1', sku: 'PHN-000001', name: 'Walton Pro 12 Phone', unitPrice: 129900, quantity: 1, lineTotal: 129900, available: 3 }],
  subtotal: 129900,
  currency: 'BDT',
};
