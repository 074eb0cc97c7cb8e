import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';

import { api } from './api';
import { cartStore } from './store';
import { ADMIN_PERMISSIONS, AuthResponse, Me } from './types';

export interface AuthValue {
  user: Me | null;
  ready: boolean;
  signIn(email: string, password: string): Promise<void>;
  register(name: string, email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function isAdmin(user: Me | null): boolean {
  return !!user && user.permissions.some((p) => (ADMIN_PERMISSIONS as readonly string[]).includes(p));
}

export function can(user: Me | null, permission: string): boolean {
  return !!user && user.permissions.includes(permission);
}

// The server's proof that this browser has signed in to an account before: sent with later sign-ins, it keeps
// the owner from being delayed by someone else's failed attempts on the same account.
const deviceTokenKey = (email: string) => `dhakacart.device.${email.trim().toLowerCase()}`;
function rememberDevice(email: string, token: string | undefined): void {
  try {
    if (token) localStorage.setItem(deviceTokenKey(email), token);
  } catch {
    // storage unavailable (private mode): sign-in still works, only without the exemption
  }
}
function deviceTokenFor(email: string): string | undefined {
  try {
    return localStorage.getItem(deviceTokenKey(email)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function signInPath(location: { pathname: string; search: string }): string {
  return `/signin?redirect=${encodeURIComponent(location.pathname + location.search)}`;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const where = useRef(location);
  where.current = location;
  // True once a session has been confirmed (by /auth/me or a sign-in); set synchronously, not on render.
  const signedIn = useRef(false);

  useEffect(
    () =>
      api.onSessionExpired(() => {
        const wasSignedIn = signedIn.current;
        signedIn.current = false;
        setUser(null);
        cartStore.reset();
        // A session that dies while in use sends the customer to sign in, then back to where they were.
        if (wasSignedIn && !where.current.pathname.startsWith('/signin')) {
          navigate(`${signInPath(where.current)}&expired=1`, { replace: true });
        }
      }),
    [navigate],
  );

  useEffect(() => {
    let cancelled = false;
    if (!api.tokens.get()) {
      setReady(true);
      return;
    }
    api
      .get<Me>('/auth/me')
      .then((me) => {
        if (cancelled) return;
        signedIn.current = true;
        setUser(me);
        void cartStore.load();
      })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setReady(true);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const start = useCallback(async (auth: AuthResponse) => {
    rememberDevice(auth.user.email, auth.deviceToken);
    api.tokens.set({ accessToken: auth.accessToken, refreshToken: auth.refreshToken });
    const me = await api.get<Me>('/auth/me');
    signedIn.current = true;
    setUser(me);
    void cartStore.load();
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      user,
      ready,
      async signIn(email, password) {
        const deviceToken = deviceTokenFor(email);
        const body = deviceToken ? { email, password, deviceToken } : { email, password };
        await start(await api.request<AuthResponse>('/auth/login', { method: 'POST', body, auth: false }));
      },
      async register(name, email, password) {
        await start(
          await api.request<AuthResponse>('/auth/register', { method: 'POST', body: { name, email, password }, auth: false }),
        );
      },
      async signOut() {
        const tokens = api.tokens.get();
        api.tokens.set(null);
        signedIn.current = false;
        setUser(null);
        cartStore.reset();
        if (tokens) {
          await api
            .request('/auth/logout', { method: 'POST', body: { refreshToken: tokens.refreshToken }, auth: false })
            .catch(() => undefined);
        }
      },
    }),
    [user, ready, start],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** Signed-in pages: anyone else goes to sign in and comes back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, ready } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={signInPath(location)} replace />;
  return <>{children}</>;
}
