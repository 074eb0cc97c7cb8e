#!/bin/sh
# Starts Redis (swarm/data.yml) with its configuration file plus the password from the Docker secret, all given on
# standard input (`redis-server -`): the password is never in the environment, on a command line or on disk.
set -eu
password="$(cat "${REDIS_PASSWORD_PATH:-/run/secrets/redis_password}")"
exec redis-server - <<CONF
$(cat "${REDIS_CONF_PATH:-/etc/dhakacart/redis.conf}")
requirepass "${password}"
CONF
