import { useEffect, useState } from 'react';

interface Ready {
  status?: string;
  details?: Record<string, { status: string; message?: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

export type Health = { state: 'checking' } | { state: 'ok' } | { state: 'degraded'; problems: string[] };

export function healthFrom(ok: boolean, body: Ready | null): Health {
  if (ok && body?.status === 'ok') return { state: 'ok' };
  const failing = Object.entries(body?.error ?? body?.details ?? {})
    .filter(([, v]) => v.status !== 'up')
    .map(([name, v]) => (v.message ? `${name}: ${v.message}` : name));
  return { state: 'degraded', problems: failing };
}

/** Polls GET /health/ready so admins see at once when the shop is degraded. */
export function HealthBanner({ intervalMs = 30_000 }: { intervalMs?: number }) {
  const [health, setHealth] = useState<Health>({ state: 'checking' });

  useEffect(() => {
    let stopped = false;
    async function check() {
      try {
        const response = await fetch('/health/ready', { headers: { Accept: 'application/json' } });
        const body = (await response.json().catch(() => null)) as Ready | null;
        if (!stopped) setHealth(healthFrom(response.ok, body));
      } catch {
        if (!stopped) setHealth({ state: 'degraded', problems: ['the API cannot be reached'] });
      }
    }
    void check();
    const timer = setInterval(() => void check(), intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [intervalMs]);

  if (health.state === 'checking') {
    return (
      <p className="health health-checking" role="status">
        Checking system status…
      </p>
    );
  }
  if (health.state === 'ok') {
    return (
      <p className="health health-ok" role="status">
        <span aria-hidden="true">●</span> System status: all systems operational
      </p>
    );
  }
  return (
    <p className="health health-degraded" role="alert">
      <span aria-hidden="true">▲</span> System status: degraded
      {health.problems.length > 0 ? ` (${health.problems.join(', ')})` : ''}
    </p>
  );
}
