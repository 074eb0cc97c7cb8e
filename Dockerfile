# syntax=docker/dockerfile:1
# One image for the API (default, with the built client), the queue worker (`node dist/worker.js`, health check
# `node dist/worker-healthcheck.js`), the migration job (`node dist/migrate.js`) and the autoscaler
# (`node dist/autoscaler.js`). No secrets: configuration comes from the environment and Docker secrets (*_FILE).
# The base image is a build argument: the official Node image by default; scripts/build-base-image.sh builds a
# local equivalent (debootstrap + Node from the npm registry) where no registry can be reached.
ARG BASE_IMAGE=node:22-bookworm-slim

FROM ${BASE_IMAGE} AS build
# argon2 is compiled from source: its prebuilt binary crashes on some CPUs (it segfaults on ours). The headers come
# from the base image (/usr/local/include/node), so nothing is downloaded from nodejs.org.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
# Not `npm ci`: see .ci/run (an optional dependency's foreign-platform builds are missing from the registry mirror).
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# The storefront and admin UI: static files only, served by the API from /app/client/dist (CLIENT_DIST_DIR).
FROM ${BASE_IMAGE} AS client
WORKDIR /client
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY client/index.html client/tsconfig.json client/vite.config.ts ./
COPY client/public ./public
COPY client/src ./src
RUN npm run build

FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=client /client/dist ./client/dist
# The official image ships the unprivileged user `node` (uid 1000); the local base image creates the same.
USER node
EXPOSE 3000
# Swarm sends SIGTERM; the app turns unready, drains for SHUTDOWN_DRAIN_MS, then exits 0. Run it with an init
# process (`init: true` in the stack, `docker run --init`) so signals reach node and zombies are reaped.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/main.js"]
