#!/usr/bin/env bash
# Creates the overlay networks the stacks share (idempotent; run on a manager; swarm/deploy.sh calls it):
#   dhakacart-edge        Traefik <-> api tasks
#   dhakacart-data        api, worker, migration job <-> PostgreSQL, Redis; internal: no route out of the swarm
#   dhakacart-monitoring  Prometheus, Loki <-> everything they scrape
# All attachable (one-off containers such as the blue-green check and the lab's load generator join them) and
# encrypted (IPsec between nodes; the traffic inside them is plain HTTP and database protocols).
# An existing dhakacart-data that is not internal is an error: recreating it needs the stacks removed first.
set -euo pipefail

ensure_network() {
  local name="$1"; shift
  if docker network inspect "$name" >/dev/null 2>&1; then
    return 0
  fi
  docker network create --driver overlay --attachable --opt encrypted "$@" "$name" >/dev/null
  echo "networks: created $name"
}

ensure_network dhakacart-edge
ensure_network dhakacart-data --internal
ensure_network dhakacart-monitoring

if [ "$(docker network inspect -f '{{.Internal}}' dhakacart-data)" != "true" ]; then
  echo "networks: dhakacart-data exists but is not internal; remove the stacks and the network, then run this again" >&2
  exit 1
fi
