# The lab's stand-in data tier: Debian's PostgreSQL 15 and Redis in one image built on the local base image (no
# registry here, so the official postgres and redis images cannot be pulled). Production runs swarm/data.yml.
ARG BASE_IMAGE=dhakacart/node-base:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH
