#!/usr/bin/env bash
# Creates the overlay networks the stacks share (idempotent; run on a manager; swarm/deploy.sh calls it):
#   dhakacart-edge        Traefik <-> api tasks, on the fixed subnet EDGE_SUBNET: the api trusts X-Forwarded-For
#                         only from there (TRUSTED_PROXIES in swarm/app.yml must be the same range)
#   dhakacart-data        api, worker, migration job <-> PostgreSQL, Redis; internal: no route out of the swarm
#   dhakacart-monitoring  Prometheus, Loki <-> everything they scrape
# All attachable (one-off containers such as the blue-green check and the lab's load generator join them) and
# encrypted (IPsec between nodes; the traffic inside them is plain HTTP and database protocols).
# OVERLAY_ENCRYPTED=false creates them unencrypted: only for a lab whose kernel has no IPsec (XFRM) support, where
# Docker's encrypted overlays silently drop every packet between nodes ("Failed Adding ... SA: function not
# implemented" in dockerd's log); production keeps the default.
# An existing dhakacart-data that is not internal, or a dhakacart-edge on another subnet, is an error: recreating
# either needs the stacks on it removed first (docs/deployment.md, "Preparing a cluster").
set -euo pipefail

# 254 addresses: Traefik, up to 12 tasks per colour (AUTOSCALE_MAX) and the deploy checks' one-off containers.
# Inside Swarm's default pool (10.0.0.0/8 in /24s, handed out from the bottom) but far above what it hands out
# first; once this network exists, Swarm does not give its subnet to another one.
EDGE_SUBNET=10.210.0.0/24
ENCRYPTION=(--opt encrypted)
[ "${OVERLAY_ENCRYPTED:-true}" = false ] && ENCRYPTION=()

ensure_network() {
  local name="$1"; shift
  if docker network inspect "$name" >/dev/null 2>&1; then
    return 0
  fi
  docker network create --driver overlay --attachable "${ENCRYPTION[@]}" "$@" "$name" >/dev/null
  echo "networks: created $name"
}

ensure_network dhakacart-edge --subnet "$EDGE_SUBNET"
ensure_network dhakacart-data --internal
ensure_network dhakacart-monitoring

if [ "$(docker network inspect -f '{{.Internal}}' dhakacart-data)" != "true" ]; then
  echo "networks: dhakacart-data exists but is not internal; remove the stacks and the network, then run this again" >&2
  exit 1
fi

edge_subnet="$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' dhakacart-edge)"
if [ "$edge_subnet" != "$EDGE_SUBNET" ]; then
  echo "networks: dhakacart-edge has subnet '${edge_subnet}', not $EDGE_SUBNET (TRUSTED_PROXIES in swarm/app.yml);" \
    "remove the edge and app stacks and the network, then run this again" >&2
  exit 1
fi
