#!/usr/bin/env bash
# Runs a command against a real, freshly started app: private PostgreSQL + Redis, migrated and seeded, the built
# API (and client, if built) on $APP_PORT. Exports E2E_BASE_URL, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD for it.
# Usage: scripts/with-app.sh <command> [args...]   (run `npm run build` first)
set -euo pipefail
cd "$(dirname "$0")/.."

# Ports the kernel says are free (fixed numbers can collide with the ephemeral range).
read -r FREE_PG FREE_REDIS FREE_APP < <(node scripts/local-services.js ports 3)
APP_PORT="${APP_PORT:-$FREE_APP}"
PG_PORT="${E2E_PG_PORT:-$FREE_PG}"
REDIS_PORT="${E2E_REDIS_PORT:-$FREE_REDIS}"
DIR="$(mktemp -d /tmp/dhakacart-app-XXXXXX)"
APP_PID=""

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  node scripts/local-services.js stop "$DIR" "$PG_PORT" "$REDIS_PORT" >/dev/null 2>&1 || true
  rm -rf "$DIR" || echo "with-app: could not remove $DIR" >&2
}
trap cleanup EXIT

eval "$(node scripts/local-services.js start "$DIR" "$PG_PORT" "$REDIS_PORT")"
psql "$DATABASE_ADMIN_URL" -qc 'CREATE DATABASE dhakacart'
export DATABASE_URL="postgres://postgres@127.0.0.1:${PG_PORT}/dhakacart"
export REDIS_URL
JWT_SECRET="e2e-only-secret-$(date +%s)-0123456789abcdef"
export JWT_SECRET
# Production mode needs the token that guards /metrics; the browser tests never read it.
METRICS_TOKEN="e2e-only-metrics-token-$(date +%s)-0123456789abcdef"
export METRICS_TOKEN
export ADMIN_EMAIL="${E2E_ADMIN_EMAIL:-admin@dhakacart.local}"
export ADMIN_PASSWORD="${E2E_ADMIN_PASSWORD:-Admin-pass-123}"
export PORT="$APP_PORT" NODE_ENV=production LOG_LEVEL="${LOG_LEVEL:-warn}" SHUTDOWN_DRAIN_MS=0 RUN_WORKERS=true

node dist/migrate.js >/dev/null
node dist/seed.js --products "${SEED_PRODUCTS:-300}" >/dev/null
node dist/main.js > "$DIR/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:${APP_PORT}/health/ready" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
curl -fsS "http://127.0.0.1:${APP_PORT}/health/ready" >/dev/null || { cat "$DIR/app.log"; exit 1; }

export E2E_BASE_URL="http://127.0.0.1:${APP_PORT}" E2E_ADMIN_EMAIL="$ADMIN_EMAIL" E2E_ADMIN_PASSWORD="$ADMIN_PASSWORD"
set +e
"$@"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then echo "--- app log (last 40 lines) ---"; tail -n 40 "$DIR/app.log"; fi
exit "$rc"
