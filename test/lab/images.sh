#!/usr/bin/env bash
# Builds the lab's images and pushes them to the lab registry, as CI pushes releases to production's registry.
# Writes $STATE/images.json: tag -> the reference the nodes pull, by digest (<registry>/<repo>:<tag>@sha256:...).
#   dhakacart/api:lab-1 .. lab-3, lab-bad-health, lab-bad-migration   (test/lab/app-images.sh: the real Dockerfile)
#   dhakacart/postgres:lab                                              (backup/Dockerfile: production's database image)
#   dhakacart/etcd:lab                                                  (swarm/etcd/Dockerfile: production's etcd image)
#   dhakacart/lab-data:bookworm, dhakacart/lab-edge:bookworm            (test/lab/images.Dockerfile)
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE=/tmp/dhakacart-lab
PUSH=127.0.0.1:5000        # this machine's engine treats loopback registries as plain HTTP
PULL=10.231.0.1:5000       # the same registry as the lab hosts see it (their daemon.json: insecure-registries)
export DOCKER_BUILDKIT=0

bash test/lab/app-images.sh
docker build -q --build-arg BASE_IMAGE=dhakacart/lab-rootfs:bookworm -t dhakacart/postgres:lab backup >/dev/null
docker build -q --build-arg BASE_IMAGE=dhakacart/lab-rootfs:bookworm -t dhakacart/etcd:lab swarm/etcd >/dev/null
docker build -q --target data -t dhakacart/lab-data:bookworm -f test/lab/images.Dockerfile test/lab >/dev/null
docker build -q --target edge -t dhakacart/lab-edge:bookworm -f test/lab/images.Dockerfile test/lab >/dev/null

refs="{"
for image in dhakacart/api:lab-1 dhakacart/api:lab-2 dhakacart/api:lab-3 dhakacart/api:lab-bad-health \
  dhakacart/api:lab-bad-migration dhakacart/api:lab-bad-data dhakacart/postgres:lab dhakacart/etcd:lab dhakacart/lab-data:bookworm dhakacart/lab-edge:bookworm; do
  docker tag "$image" "$PUSH/$image"
  digest="$(docker push "$PUSH/$image" | sed -n 's/.*digest: \(sha256:[0-9a-f]*\).*/\1/p')"
  [ -n "$digest" ] || { echo "images: pushing $image gave no digest" >&2; exit 1; }
  refs+="$([ "$refs" = "{" ] || echo ,)\"$image\": \"$PULL/$image@$digest\""
done
printf '%s}\n' "$refs" > "$STATE/images.json"
echo "images: pushed to the lab registry ($STATE/images.json)"
