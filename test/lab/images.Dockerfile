# The lab's stand-ins for images that cannot be pulled here, from Debian's packages on the lab's bookworm root file
# system (test/lab/build-host-image.sh builds it):
#   --target data   PostgreSQL 15 and Redis (for swarm/data.yml's official images)
#   --target edge   HAProxy 2.6 (for Traefik v3: the edge's TLS, routing to the api tasks, retries)
ARG ROOTFS=dhakacart/lab-rootfs:bookworm
FROM ${ROOTFS} AS data
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH

FROM ${ROOTFS} AS edge
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy curl >/dev/null \
 && rm -rf /var/lib/apt/lists/*
