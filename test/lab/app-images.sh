#!/usr/bin/env bash
# Builds the app's lab images from the real Dockerfile, on the local base image (no registry is reachable here):
#   dhakacart/api:lab-1            the app as it is in this checkout
#   dhakacart/api:lab-2, lab-3     new releases of it (one more layer each, so different images)
#   dhakacart/api:lab-bad-health   a release whose container health check always fails
#   dhakacart/api:lab-bad-migration a release with a migration that fails (a real TypeORM migration, run by the real
#                                  dist/migrate.js)
#   dhakacart/api:lab-bad-data     a release whose migration succeeds and destroys every order (the backups' check)
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=dhakacart/node-base:bookworm
export DOCKER_BUILDKIT=0   # the classic builder: BuildKit would try to pull its Dockerfile frontend

bash scripts/build-base-image.sh "$BASE"
docker build -q --build-arg "BASE_IMAGE=$BASE" -t dhakacart/api:lab-1 . >/dev/null

derive() {  # derive <tag> <Dockerfile lines after FROM>
  printf 'FROM dhakacart/api:lab-1\n%s\n' "$2" | docker build -q -t "dhakacart/api:$1" - >/dev/null
}
derive lab-2 'LABEL org.opencontainers.image.version=lab-2'
derive lab-3 'LABEL org.opencontainers.image.version=lab-3'
derive lab-bad-health "USER root
RUN echo 'process.exit(1);' > dist/healthcheck.js
USER node"
# shellcheck disable=SC2016  # JavaScript inside the Dockerfile line
derive lab-bad-migration 'USER root
RUN echo >> dist/platform/database/migrations/index.js \
 && echo "exports.MIGRATIONS.push(class LabBroken1900000000000 { name = \"LabBroken1900000000000\"; async up(q) { await q.query(\"SELECT lab_no_such_function()\"); } async down() {} });" >> dist/platform/database/migrations/index.js
USER node'
# shellcheck disable=SC2016  # JavaScript inside the Dockerfile line
derive lab-bad-data 'USER root
RUN echo >> dist/platform/database/migrations/index.js \
 && echo "exports.MIGRATIONS.push(class LabDestroy1900000000001 { name = \"LabDestroy1900000000001\"; async up(q) { await q.query(\"TRUNCATE orders CASCADE\"); } async down() {} });" >> dist/platform/database/migrations/index.js
USER node'
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^dhakacart/' | sort
