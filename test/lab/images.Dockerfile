# The lab's stand-ins for images that cannot be pulled here, from Debian's packages on the lab's bookworm root file
# system (test/lab/build-host-image.sh builds it):
#   --target data   Redis (for swarm/data.yml's official redis image: uid 999 and /data as in that image) and HAProxy
#                   2.6 (for the official haproxy image): the data stack's stand-ins, from Debian's packages
#   --target edge   HAProxy 2.6 (for Traefik v3: the edge's TLS, routing to the api tasks, retries)
# PostgreSQL is not a stand-in: the lab runs production's image, backup/Dockerfile, built on the same root.
ARG ROOTFS=dhakacart/lab-rootfs:bookworm
FROM ${ROOTFS} AS data
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /data --shell /usr/sbin/nologin redis \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server haproxy >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data

FROM ${ROOTFS} AS edge
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy curl >/dev/null \
 && rm -rf /var/lib/apt/lists/*
