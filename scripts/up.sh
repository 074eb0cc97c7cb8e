#!/usr/bin/env bash
# Brings the shop up on http://localhost:${PORT:-3000} with a seeded catalog.
# Without DATABASE_URL / REDIS_URL it starts private PostgreSQL and Redis servers in .data/ (installing redis-server
# when missing). Development only: it generates a JWT secret and uses a printed admin password unless given.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm install --no-audit --no-fund  # not `npm ci`: see .ci/run
if [ -f client/package.json ]; then
  [ -d client/node_modules ] || npm --prefix client ci --no-audit --no-fund
  npm --prefix client run build
fi
npm run build

mkdir -p .data
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  eval "$(node scripts/local-services.js start .data 15432 16379)"
  psql "$DATABASE_ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = 'dhakacart'" | grep -q 1 \
    || psql "$DATABASE_ADMIN_URL" -qc 'CREATE DATABASE dhakacart'
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:15432/dhakacart}"
  export REDIS_URL
fi
[ -f .data/jwt-secret ] || node -e "process.stdout.write(require('crypto').randomBytes(48).toString('base64url'))" > .data/jwt-secret
export JWT_SECRET_FILE="${JWT_SECRET_FILE:-$PWD/.data/jwt-secret}"
export ADMIN_EMAIL="${ADMIN_EMAIL:-admin@dhakacart.local}"
export ADMIN_PASSWORD="${ADMIN_PASSWORD:-Admin-pass-123}"
export RUN_WORKERS="${RUN_WORKERS:-true}"

node dist/migrate.js
node dist/seed.js --products "${SEED_PRODUCTS:-10000}"
echo "DhakaCart: http://localhost:${PORT:-3000}  (admin: $ADMIN_EMAIL / $ADMIN_PASSWORD; API docs at /api/docs)"
exec node dist/main.js
