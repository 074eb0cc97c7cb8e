#!/usr/bin/env bash
# The Swarm lab (`npm run test:swarm`): proves the app stack on a real Docker Swarm on this machine.
# 1. the Docker engine: installed from Debian (docker.io) and started when absent; a single-node swarm;
# 2. the images: a local base image (debootstrap + Node from the npm registry), the app image from the real
#    Dockerfile, and derived releases (test/swarm/images.sh);
# 3. the checks (test/swarm/lab.ts): rolling update under load, automatic rollback, self-healing, scaling, the
#    migration job, a blue-green release and switch back. Writes test-results/swarm-lab.summary.json; exits
#    non-zero when a check fails.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
mkdir -p test-results
rm -f test-results/swarm-lab.summary.json test-results/swarm-lab.json
started=$SECONDS

give_up() {
  echo "swarm lab: $*" >&2
  echo '{"passed":0,"failed":6}' > test-results/swarm-lab.summary.json
  exit 1
}

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "swarm lab: installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
    give_up "could not install ${missing[*]}"
fi

if ! docker info >/dev/null 2>&1; then
  echo "swarm lab: starting dockerd (log: /tmp/dockerd.log)"
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/dockerd.log; give_up "dockerd did not start"; }
fi
echo "swarm lab: engine $(docker version -f '{{.Server.Version}}' 2>/dev/null), client $(docker version -f '{{.Client.Version}}' 2>/dev/null)"

if [ "$(docker info -f '{{.Swarm.LocalNodeState}}')" != active ]; then
  docker swarm init >/dev/null 2>&1 ||
    docker swarm init --advertise-addr "$(hostname -I | awk '{print $1}')" >/dev/null ||
    give_up "docker swarm init failed"
  echo "swarm lab: swarm initialised"
fi

echo "swarm lab: building images"
bash test/swarm/images.sh 2>&1 | grep -v -e 'legacy builder is deprecated' -e 'BuildKit is currently disabled' \
  -e 'environment-variable' -e '^ *$' || true
for tag in lab-1 lab-2 lab-3 lab-bad-health lab-bad-migration; do
  docker image inspect "dhakacart/api:$tag" >/dev/null 2>&1 || give_up "image dhakacart/api:$tag was not built"
done
echo "swarm lab: images ready after $((SECONDS - started)) s"

node -r ts-node/register/transpile-only test/swarm/lab.ts
status=$?
echo "swarm lab: finished in $((SECONDS - started)) s"
exit "$status"
