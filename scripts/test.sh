#!/usr/bin/env bash
# The whole test suite: server unit + integration + e2e + static checks (jest, on real PostgreSQL and Redis),
# then the client's unit tests and its browser end-to-end tests against the real app, when the client exists.
# Each part writes test-results/<part>.summary.json ({"passed":N,"failed":M}); exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v shellcheck >/dev/null || need_apt+=(shellcheck)
# The static checks of the stacks and the monitoring configuration (test/static): `docker stack config`,
# `docker-compose config`, promtool and amtool.
command -v docker >/dev/null || need_apt+=(docker.io)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
command -v promtool >/dev/null || need_apt+=(prometheus)
command -v amtool >/dev/null || need_apt+=(prometheus-alertmanager)
# The static checks of ansible/ (test/static/ansible.spec.ts): lint, syntax check, the firewall's ruleset.
command -v ansible-playbook >/dev/null || need_apt+=(ansible)
command -v ansible-lint >/dev/null || need_apt+=(ansible-lint)
command -v yamllint >/dev/null || need_apt+=(yamllint)
command -v nft >/dev/null || need_apt+=(nftables)
if [ -f client/package.json ] && ! command -v chromium >/dev/null; then need_apt+=(chromium); fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
[ -d node_modules ] || npm install --no-audit --no-fund  # not `npm ci`: see .ci/run

mkdir -p test-results
rm -f test-results/*.summary.json test-results/jest.json
status=0

npx jest --json --outputFile=test-results/jest.json || status=1
node -e '
  const r = require("./test-results/jest.json");
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  require("fs").writeFileSync("test-results/server.summary.json", JSON.stringify({ passed: r.numPassedTests, failed }));
' || status=1

if [ -f client/package.json ]; then
  [ -d client/node_modules ] || npm --prefix client ci --no-audit --no-fund
  npm --prefix client test || status=1
  npm --prefix client run build || status=1
  npm run build || status=1
  bash scripts/with-app.sh npm --prefix client run test:e2e || status=1
fi
exit "$status"
