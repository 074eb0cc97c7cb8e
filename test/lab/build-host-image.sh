#!/usr/bin/env bash
# Builds the lab's test host image: a bare Debian bookworm server as a container (systemd as PID 1, sshd, python3 for
# Ansible, nothing else configured). What the roles install (Docker, nftables, chrony, ...) is only downloaded into
# apt's cache, so provisioning installs it for real but does not depend on the mirror's speed.
# Usage: test/lab/build-host-image.sh [tag]
set -euo pipefail
cd "$(dirname "$0")"
TAG="${1:-dhakacart/lab-host:bookworm}"
ROOTFS_TAG=dhakacart/lab-rootfs:bookworm
export DOCKER_BUILDKIT=0

if ! docker image inspect "$ROOTFS_TAG" >/dev/null 2>&1; then
  WORK="$(mktemp -d /tmp/lab-rootfs-XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  debootstrap --variant=minbase --include=ca-certificates bookworm "$WORK/rootfs" http://deb.debian.org/debian \
    >"$WORK/debootstrap.log"
  rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
  # This machine's trust store (HTTPS here goes through an intercepting proxy with its own CA). Public certificates.
  cp /etc/ssl/certs/ca-certificates.crt "$WORK/rootfs/etc/ssl/certs/ca-certificates.crt"
  tar -C "$WORK/rootfs" -c . | docker import - "$ROOTFS_TAG" >/dev/null
fi
docker build -q --build-arg "ROOTFS=$ROOTFS_TAG" -t "$TAG" -f host.Dockerfile . 2>&1 >/dev/null | grep -v -e "legacy builder" -e BuildKit -e "environment-variable" -e "^ *$" || true
echo "built $TAG"
