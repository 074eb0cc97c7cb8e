import type { TokenPair } from './types';

/** An error answered by the API ({statusCode, code, message, requestId}) or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, requestId?: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

export type Tokens = Pick<TokenPair, 'accessToken' | 'refreshToken'>;

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export const SESSION_KEY = 'dhakacart.session';

/** Tokens kept in localStorage so a reload keeps the customer signed in. */
export function localTokenStore(key = SESSION_KEY): TokenStore {
  return {
    get() {
      try {
        const raw = localStorage.getItem(key);
        if (!raw) return null;
        const parsed = JSON.parse(raw) as Partial<Tokens>;
        return parsed.accessToken && parsed.refreshToken
          ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
          : null;
      } catch {
        return null;
      }
    },
    set(tokens) {
      if (tokens) localStorage.setItem(key, JSON.stringify(tokens));
      else localStorage.removeItem(key);
    },
  };
}

export type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** false: never send the access token and never refresh (sign-in, registration). */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  tokens?: TokenStore;
}

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
  tokens: TokenStore;
  /** Rotates the refresh token; concurrent callers share one request. Resolves false when the session is gone. */
  refresh(): Promise<boolean>;
  /** Called once each time the session cannot be refreshed (the app sends the customer to sign in). */
  onSessionExpired(listener: () => void): () => void;
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const prefix = path.startsWith('/health') ? '' : '/api/v1';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return `${baseUrl}${prefix}${path}${qs ? `?${qs}` : ''}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: { code?: string; message?: unknown; requestId?: string; details?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON: fall through to a generic message
  }
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : typeof body.message === 'string' && body.message
      ? body.message
      : `Request failed (${response.status})`;
  return new ApiError(response.status, body.code ?? `HTTP_${response.status}`, message, body.requestId, body.details);
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: typeof fetch = (...args) => (options.fetch ?? globalThis.fetch)(...args);
  const tokens = options.tokens ?? localTokenStore();
  const expiredListeners = new Set<() => void>();
  let inFlightRefresh: Promise<boolean> | null = null;

  function expire(): void {
    tokens.set(null);
    for (const listener of [...expiredListeners]) listener();
  }

  function refresh(): Promise<boolean> {
    if (inFlightRefresh) return inFlightRefresh;
    inFlightRefresh = (async () => {
      const current = tokens.get();
      if (!current) return false;
      try {
        const response = await doFetch(buildUrl(baseUrl, '/auth/refresh'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refreshToken: current.refreshToken }),
        });
        if (!response.ok) return false;
        const pair = (await response.json()) as TokenPair;
        tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
        return true;
      } catch {
        return false;
      }
    })().then((ok) => {
      if (!ok) expire();
      return ok;
    });
    void inFlightRefresh.finally(() => {
      inFlightRefresh = null;
    });
    return inFlightRefresh;
  }

  async function send(path: string, opts: RequestOptions, accessToken: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    try {
      return await doFetch(buildUrl(baseUrl, path, opts.query), {
        method: opts.method ?? 'GET',
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK_ERROR', 'Could not reach DhakaCart. Check your connection and try again.');
    }
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const useAuth = opts.auth !== false;
    const sentToken = useAuth ? tokens.get()?.accessToken : undefined;
    let response = await send(path, opts, sentToken);

    if (response.status === 401 && sentToken) {
      // Another request may already have rotated the tokens: then just retry with the new one.
      const latest = tokens.get()?.accessToken;
      const ok = latest && latest !== sentToken ? true : await refresh();
      if (!ok) throw new ApiError(401, 'SESSION_EXPIRED', 'Your session has expired. Please sign in again.');
      response = await send(path, opts, tokens.get()?.accessToken);
      if (response.status === 401) {
        expire();
        throw new ApiError(401, 'SESSION_EXPIRED', 'Your session has expired. Please sign in again.');
      }
    }

    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: (path, query, signal) => request(path, { query, signal }),
    post: (path, body, headers) => request(path, { method: 'POST', body, headers }),
    put: (path, body) => request(path, { method: 'PUT', body }),
    patch: (path, body) => request(path, { method: 'PATCH', body }),
    del: (path) => request(path, { method: 'DELETE' }),
    tokens,
    refresh,
    onSessionExpired(listener) {
      expiredListeners.add(listener);
      return () => expiredListeners.delete(listener);
    },
  };
}

/** The app's one client: same origin, relative URLs. */
export const api = createApiClient();

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}
