#!/usr/bin/env bash
# The lab (`npm run test:lab`): the shop's servers and its Swarm stack proven on a cluster of real hosts on this
# machine, provisioned by the real ansible/site.yml.
# 1. this machine's Docker engine (Debian's docker.io, started when absent), debootstrap, the registry, Ansible;
# 2. the cluster: bare Debian hosts as containers, SSH, inventory and vault, two S3 regions (test/lab/cluster.sh up);
# 3. the images: the app from the real Dockerfile, its derived releases, the data and edge stand-ins, pushed to the
#    lab registry (test/lab/images.sh);
# 4. the checks (test/lab/lab.ts): provisioning, idempotence, firewall, the app checks on the cluster, a killed
#    worker, a killed leader, rolling maintenance, a new host, and the backups (test/lab/backups.ts). Writes test-results/lab.summary.json; exits non-zero
#    when a check fails;
# 5. the cluster removed (LAB_KEEP=1 keeps it for a look: test/lab/cluster.sh down removes it later).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
mkdir -p test-results
rm -f test-results/lab.summary.json test-results/lab.json
started=$SECONDS
phase_started=$SECONDS
phase() { echo "lab: $1 after $((SECONDS - phase_started)) s"; phase_started=$SECONDS; }

give_up() {
  echo "lab: $*" >&2
  echo '{"passed":0,"failed":25}' > test-results/lab.summary.json
  [ "${LAB_KEEP:-}" = 1 ] || bash test/lab/cluster.sh down >/dev/null 2>&1
  exit 1
}

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
for p in debootstrap docker-registry ansible openssh-client curl openssl; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "lab: installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
    give_up "could not install ${missing[*]}"
fi

if ! docker info >/dev/null 2>&1; then
  echo "lab: starting dockerd (log: /tmp/dockerd.log)"
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/dockerd.log; give_up "dockerd did not start"; }
fi
echo "lab: engine $(docker version -f '{{.Server.Version}}' 2>/dev/null), client $(docker version -f '{{.Client.Version}}' 2>/dev/null)"
# The lab replaces the single-node swarm older versions of this lab ran on this machine's own engine.
if [ "$(docker info -f '{{.Swarm.LocalNodeState}}')" = active ]; then docker swarm leave --force >/dev/null 2>&1; fi

# A fresh cluster every run: hosts from bare, so provisioning is measured from the start.
bash test/lab/cluster.sh down >/dev/null 2>&1
bash test/lab/cluster.sh up || give_up "the cluster did not come up"
phase "cluster up"
bash test/lab/images.sh 2>&1 | grep -v -e 'legacy builder is deprecated' -e 'BuildKit is currently disabled' \
  -e 'environment-variable' -e '^ *$'
[ -s /tmp/dhakacart-lab/images.json ] || give_up "the images were not built and pushed"
phase "images built and pushed"

node -r ts-node/register/transpile-only test/lab/lab.ts
status=$?
phase "checks"
if [ "${LAB_KEEP:-}" = 1 ]; then echo "lab: kept (test/lab/cluster.sh down removes it)"
else bash test/lab/cluster.sh down; fi
echo "lab: finished in $((SECONDS - started)) s"
exit "$status"
