#!/usr/bin/env bash
# Releases DhakaCart's app stack on a Swarm manager (or with DOCKER_HOST pointing at one).
#
#   swarm/deploy.sh <image>                 rolling release of the live colour: migration job, then start-first
#                                           update one task at a time; Swarm rolls back by itself on a failed
#                                           health check and this script then exits non-zero with the reason
#   swarm/deploy.sh --blue-green <image>    migration job, the new image on the standby colour at the live colour's
#                                           replica count, a check of every standby task, then Traefik's main
#                                           router switched to it (router priorities; no task restarts). The old
#                                           colour keeps running for an instant switch back.
#   swarm/deploy.sh --switch <blue|green>   make that colour live again (seconds; no migration)
#   swarm/deploy.sh --retire                scale the standby colour to 0 once the new one has proved itself
#
# A plain `docker stack deploy` exits 0 even after Swarm rolled the update back (docker/cli#6752), and re-applies
# the replica counts in the stack file (docker/cli#2235). This script reads the running stack first, keeps the
# replica counts the autoscaler chose, waits on each service's UpdateStatus and treats rollback_* and paused as
# failure. Exit status: 0 released; 1 the release failed (reason printed); 2 usage or environment error.
#
# Environment: STACK (dhakacart), DOMAIN (dhakacart.com), API_REPLICAS (3, the first deploy only),
# *_SECRET (versioned secret names, see swarm/app.yml), RESOLVE_IMAGE (always; `never` without a registry),
# UPDATE_TIMEOUT (600 s), MIGRATION_TIMEOUT (300 s), BG_CHECK_URL (blue-green: a URL of the standby's preview
# router, e.g. https://green.dhakacart.com/health/ready; unset: each standby task is checked from inside the
# edge network).
set -euo pipefail
cd "$(dirname "$0")"

STACK="${STACK:-dhakacart}"
export DOMAIN="${DOMAIN:-dhakacart.com}"
RESOLVE_IMAGE="${RESOLVE_IMAGE:-always}"
UPDATE_TIMEOUT="${UPDATE_TIMEOUT:-600}"
MIGRATION_TIMEOUT="${MIGRATION_TIMEOUT:-300}"
LIVE_PRIORITY=100
STANDBY_PRIORITY=10

log() { echo "deploy: $*" >&2; }
fail() { echo "deploy: FAILED: $*" >&2; exit 1; }
usage() { sed -n '2,13p' "$0" >&2; exit 2; }

mode=rolling
image=""
case "${1:-}" in
  --blue-green) mode=blue-green; image="${2:-}"; [ -n "$image" ] || usage ;;
  --switch) mode=switch; target_colour="${2:-}"; [[ "$target_colour" =~ ^(blue|green)$ ]] || usage ;;
  --retire) mode=retire ;;
  -h | --help | "") usage ;;
  -*) usage ;;
  *) image="$1" ;;
esac

# --- the running stack ---------------------------------------------------------------------------------------------
svc() { echo "${STACK}_$1"; }
exists() { docker service inspect "$(svc "$1")" >/dev/null 2>&1; }
inspect() { docker service inspect -f "$2" "$(svc "$1")" 2>/dev/null || true; }
other() { if [ "$1" = blue ]; then echo green; else echo blue; fi; }

declare -A IMAGE REPLICAS PRIORITY
for colour in blue green; do
  if exists "api-$colour"; then
    # Exactly as in the spec (with its digest): a colour or worker that is not being released is redeployed with the
    # same reference, so its spec does not change and its tasks are not restarted (a stripped digest would be a
    # changed spec without --resolve-image, and a silently re-resolved tag with it).
    IMAGE[$colour]="$(inspect "api-$colour" '{{.Spec.TaskTemplate.ContainerSpec.Image}}')"
    REPLICAS[$colour]="$(inspect "api-$colour" '{{.Spec.Mode.Replicated.Replicas}}')"
    PRIORITY[$colour]="$(inspect "api-$colour" "{{index .Spec.Labels \"traefik.http.routers.api-$colour.priority\"}}")"
  else
    IMAGE[$colour]=""; REPLICAS[$colour]=0; PRIORITY[$colour]=0
  fi
done
if [ -z "${IMAGE[blue]}${IMAGE[green]}" ]; then
  live=blue; first_deploy=true
elif [ "${PRIORITY[green]:-0}" -gt "${PRIORITY[blue]:-0}" ]; then
  live=green; first_deploy=false
else
  live=blue; first_deploy=false
fi
standby="$(other "$live")"
WORKER_IMAGE_NOW="$(inspect worker '{{.Spec.TaskTemplate.ContainerSpec.Image}}')"
log "stack $STACK: live colour $live (${IMAGE[$live]:-none}, ${REPLICAS[$live]} replicas), standby $standby (${IMAGE[$standby]:-none}, ${REPLICAS[$standby]} replicas)"

# --- waiting on Swarm ----------------------------------------------------------------------------------------------
running_tasks() {
  docker service ps --filter desired-state=running --format '{{.CurrentState}}' "$(svc "$1")" 2>/dev/null | grep -c '^Running' || true
}

# Snapshot a service before `docker stack deploy`, to tell afterwards whether its tasks must change and whether the
# update Swarm reports is a new one (the engine keeps the last UpdateStatus, rollbacks included, until the next one).
# A service that had no task (a standby colour at 0 replicas) has nothing to update: Swarm reports no update at all.
declare -A TEMPLATE_BEFORE STARTED_BEFORE TASKS_BEFORE
snapshot() {
  TEMPLATE_BEFORE[$1]="$(inspect "$1" '{{json .Spec.TaskTemplate}}')"
  STARTED_BEFORE[$1]="$(inspect "$1" '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}')"
  TASKS_BEFORE[$1]="$(running_tasks "$1")"
}

# Waits until every named service has converged. Prints a line per state change; returns 1 with the reason when an
# update was rolled back or paused, or the time ran out.
wait_converged() {
  local deadline=$((SECONDS + UPDATE_TIMEOUT)) pending=("$@") failed="" name state started message want have next
  local -A last
  while [ "${#pending[@]}" -gt 0 ]; do
    next=()
    for name in "${pending[@]}"; do
      want="$(inspect "$name" '{{.Spec.Mode.Replicated.Replicas}}')"
      state="$(inspect "$name" '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}')"
      started="$(inspect "$name" '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}')"
      message="$(inspect "$name" '{{if .UpdateStatus}}{{.UpdateStatus.Message}}{{end}}')"
      have="$(running_tasks "$name")"
      if [ "$(inspect "$name" '{{json .Spec.TaskTemplate}}')" != "${TEMPLATE_BEFORE[$name]}" ] &&
        [ -n "${TEMPLATE_BEFORE[$name]}" ] && [ "${TASKS_BEFORE[$name]}" -gt 0 ] &&
        [ "$started" = "${STARTED_BEFORE[$name]}" ]; then
        state="not started"   # the tasks must change but Swarm has not begun the update yet
      elif [ "$started" = "${STARTED_BEFORE[$name]}" ]; then
        state="no update"     # created, scaled, or only its labels changed
      fi
      if [ "${last[$name]:-}" != "$state $have/$want" ]; then
        log "$(svc "$name"): ${state:-new} ($have/$want running)${message:+: $message}"
        last[$name]="$state $have/$want"
      fi
      case "$state" in
        completed | "no update")
          if [ "$have" -ge "$want" ]; then continue; fi ;;
        rollback_started | rollback_completed | rollback_paused | paused)
          failed="${failed}$(svc "$name") update $state: ${message:-no message}; "
          continue ;;
      esac
      next+=("$name")
    done
    pending=("${next[@]+"${next[@]}"}")
    if [ "${#pending[@]}" -gt 0 ]; then
      if [ "$SECONDS" -ge "$deadline" ]; then
        failed="${failed}timed out after ${UPDATE_TIMEOUT}s waiting for ${pending[*]}; "
        break
      fi
      sleep 2
    fi
  done
  if [ -n "$failed" ]; then echo "$failed"; return 1; fi
  return 0
}

# After an automatic rollback, wait (bounded) for it to finish so the report says what is running now.
report_rollback() {
  local name deadline=$((SECONDS + 90))
  for name in "$@"; do
    while [ "$(inspect "$name" '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}')" = rollback_started ] &&
      [ "$SECONDS" -lt "$deadline" ]; do sleep 2; done
    log "$(svc "$name") now runs $(inspect "$name" '{{.Spec.TaskTemplate.ContainerSpec.Image}}') ($(inspect "$name" '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}'))"
  done
}

# --- stack deploys -------------------------------------------------------------------------------------------------
settings_version() { sha256sum config/app-settings.json | cut -c1-12; }
# CLI 26+ waits for the services unless told --detach=true; older ones (Debian's 20.10) always return at once and do
# not know the flag.
stack_deploy() {
  if docker stack deploy --help 2>/dev/null | grep -q -- '--detach'; then
    docker stack deploy --detach=true "$@"
  else
    docker stack deploy "$@"
  fi
}
# The version label of an image reference: its tag, without a registry port or a digest.
image_version() { local ref="${1%@*}"; echo "${ref##*:}"; }

deploy_app() {  # uses IMAGE, REPLICAS, PRIORITY and WORKER_IMAGE
  local c upper
  for c in blue green; do
    upper="${c^^}"
    export "API_IMAGE_${upper}=${IMAGE[$c]}" "API_REPLICAS_${upper}=${REPLICAS[$c]}" "PRIORITY_${upper}=${PRIORITY[$c]}"
    export "API_VERSION_${upper}=$(image_version "${IMAGE[$c]}")"
  done
  export WORKER_IMAGE WORKER_VERSION APP_SETTINGS_VERSION
  WORKER_VERSION="$(image_version "$WORKER_IMAGE")"
  APP_SETTINGS_VERSION="$(settings_version)"
  stack_deploy --resolve-image "$RESOLVE_IMAGE" -c app.yml "$STACK" >/dev/null
}

run_migration() {
  local deploy_id index deadline rows state
  deploy_id="$(date -u +%Y%m%dT%H%M%SZ)-$$-$RANDOM"
  log "migration job with $1 (deploy $deploy_id)"
  MIGRATE_IMAGE="$1" DEPLOY_ID="$deploy_id" \
    stack_deploy --resolve-image "$RESOLVE_IMAGE" -c migrate.yml "$STACK" >/dev/null
  deadline=$((SECONDS + MIGRATION_TIMEOUT))
  while :; do
    exists migrate || fail "no migration job service $(svc migrate)"
    index="$(inspect migrate '{{if .JobStatus}}{{.JobStatus.JobIteration.Index}}{{end}}')"
    # The tasks of this run: same job iteration as the service. Complete = migrations applied.
    rows="$(docker service ps -q --no-trunc "$(svc migrate)" 2>/dev/null | xargs -r docker inspect \
      -f '{{.JobIteration.Index}} {{.Status.State}} {{.Status.Err}}' 2>/dev/null | awk -v i="$index" '$1 == i' || true)"
    state="$(echo "$rows" | awk 'NF { print $2 }' | sort -u | tr '\n' ' ')"
    case "$state" in
      *complete*) log "migration job complete"; return 0 ;;
      *failed* | *rejected* | *shutdown*)
        docker service logs --tail 20 "$(svc migrate)" 2>&1 | sed 's/^/  migrate | /' >&2 || true
        fail "migration job failed ($(echo "$rows" | cut -d' ' -f3- | sort -u | tr '\n' ' ')); the app was not updated" ;;
    esac
    [ "$SECONDS" -lt "$deadline" ] || fail "migration job did not finish within ${MIGRATION_TIMEOUT}s; the app was not updated"
    sleep 2
  done
}

# Blue-green: every task of the standby colour must answer /health/ready and serve the catalog before the switch.
check_colour() {
  local colour="$1" service
  service="$(svc "api-$colour")"
  if [ -n "${BG_CHECK_URL:-}" ]; then
    log "checking $colour through its router: $BG_CHECK_URL"
    curl -fsS --max-time 5 --retry 5 --retry-all-errors "$BG_CHECK_URL" >/dev/null || fail "$colour does not answer $BG_CHECK_URL"
    return 0
  fi
  log "checking every $colour task from inside dhakacart-edge (tasks.$service)"
  # The check runs in the image being released (it has node); it needs nothing else.
  # shellcheck disable=SC2016  # JavaScript, not shell
  docker run --rm --network dhakacart-edge "${IMAGE[$colour]}" node -e '
    const dns = require("node:dns").promises;
    (async () => {
      const addresses = await dns.resolve4(process.argv[1]);
      const want = Number(process.argv[2]);
      if (addresses.length < want) throw new Error(`only ${addresses.length} of ${want} tasks resolvable`);
      for (const a of addresses) {
        for (const path of ["/health/ready", "/api/v1/products?limit=1"]) {
          const res = await fetch(`http://${a}:3000${path}`, { signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(`${a}${path}: HTTP ${res.status}`);
        }
      }
      console.log(`${addresses.length} tasks ready`);
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ' "tasks.$service" "${REPLICAS[$colour]}" || fail "the $colour tasks did not pass the check; traffic stays on $live"
}

# --- the modes -----------------------------------------------------------------------------------------------------
bash ./networks.sh

case "$mode" in
  rolling)
    if [ "$first_deploy" = true ]; then
      REPLICAS[$live]="${API_REPLICAS:-3}"
      PRIORITY[$live]=$LIVE_PRIORITY
      PRIORITY[$standby]=$STANDBY_PRIORITY
    fi
    run_migration "$image"
    IMAGE[$live]="$image"
    [ -n "${IMAGE[$standby]}" ] || IMAGE[$standby]="$image"
    # The api first, the worker only once the api is healthy: a release that Swarm rolls back leaves no service on
    # the new image (a stack has no atomic rollback, docker/cli#595).
    WORKER_IMAGE="${WORKER_IMAGE_NOW:-$image}"
    snapshot "api-$live"
    log "rolling $live to $image"
    deploy_app
    if ! reason="$(wait_converged "api-$live")"; then
      report_rollback "api-$live"
      fail "$reason"
    fi
    WORKER_IMAGE="$image"
    snapshot worker
    deploy_app
    if ! reason="$(wait_converged worker)"; then
      report_rollback worker
      fail "$reason"
    fi
    log "released $image on $live ($(running_tasks "api-$live") tasks running)"
    ;;

  blue-green)
    [ "$first_deploy" = false ] || fail "nothing is live yet: make the first release a rolling one"
    run_migration "$image"
    IMAGE[$standby]="$image"
    REPLICAS[$standby]="${REPLICAS[$live]}"
    WORKER_IMAGE="$WORKER_IMAGE_NOW"
    snapshot "api-$standby"
    log "bringing $standby up with $image (${REPLICAS[$standby]} replicas)"
    deploy_app
    if ! reason="$(wait_converged "api-$standby")"; then
      report_rollback "api-$standby"
      fail "$reason; traffic stays on $live"
    fi
    check_colour "$standby"
    PRIORITY[$standby]=$LIVE_PRIORITY
    PRIORITY[$live]=$STANDBY_PRIORITY
    WORKER_IMAGE="$image"
    snapshot worker
    deploy_app
    log "main router switched to $standby (Traefik applies it within 5 s); $live keeps running (--switch $live to go back)"
    reason="$(wait_converged worker)" || fail "worker: $reason"
    log "released $image on $standby"
    ;;

  switch)
    [ "$target_colour" != "$live" ] || { log "$target_colour is already live"; exit 0; }
    if [ "${REPLICAS[$target_colour]}" -eq 0 ] || [ "$(running_tasks "api-$target_colour")" -eq 0 ]; then
      fail "$target_colour has no running tasks"
    fi
    PRIORITY[$target_colour]=$LIVE_PRIORITY
    PRIORITY[$(other "$target_colour")]=$STANDBY_PRIORITY
    WORKER_IMAGE="${IMAGE[$target_colour]}"
    snapshot worker
    deploy_app
    log "main router switched to $target_colour (Traefik applies it at its next poll, within 5 s); moving the worker"
    reason="$(wait_converged worker)" || fail "worker: $reason"
    log "$target_colour is live again (${IMAGE[$target_colour]})"
    ;;

  retire)
    [ "$first_deploy" = false ] || fail "nothing is deployed"
    REPLICAS[$standby]=0
    WORKER_IMAGE="$WORKER_IMAGE_NOW"
    deploy_app
    log "standby $standby scaled to 0 (its image ${IMAGE[$standby]} stays in the spec)"
    ;;
esac
