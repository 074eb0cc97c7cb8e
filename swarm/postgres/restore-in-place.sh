#!/usr/bin/env bash
# Restores the Patroni cluster's database in place to a point in time or a restore point (docs/backups.md, "Back to
# the moment before a bad migration"; docs/database-ha.md). On a manager:
#   swarm/postgres/restore-in-place.sh <restore id> time|name <target>
#   e.g. swarm/postgres/restore-in-place.sh before-0142 name before-migration-20261201T014210Z
# Stops both members, clears Patroni's record of the cluster in etcd (the cluster is created anew from the restore),
# then starts the members with RESTORE_ID/RESTORE_TYPE/RESTORE_TARGET: each moves its current data aside (kept until a
# person deletes it), the first to take Patroni's initialize key restores from the repositories to the target and
# becomes the primary on a new timeline, the other is built as its replica by pg_basebackup. Waits until a member
# answers Patroni's /primary. Afterwards remove the variables (docker service update --env-rm RESTORE_ID --env-rm RESTORE_TYPE
# --env-rm RESTORE_TARGET on both members): a RESTORE_ID already done on a volume is never done again.
set -euo pipefail
[ "$#" -eq 3 ] || { echo "usage: $0 <restore id> time|name <target>" >&2; exit 2; }
RESTORE_ID="$1" RESTORE_TYPE="$2" RESTORE_TARGET="$3"
STACK="${DATA_STACK:-dhakacart-data}"
SCOPE="${PATRONI_SCOPE:-dhakacart}"
TIMEOUT_S="${RESTORE_TIMEOUT_SECONDS:-1800}"
say() { printf '%s restore-in-place: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# A one-off task on dhakacart-data (the members and etcd are reachable only there): runs, then is removed.
run_job() {  # run_job <name> <image> <entrypoint> <args...>
  local job="${STACK}-$1-$RESTORE_ID" image="$2" entrypoint="$3" state i
  shift 3
  docker service create --detach --quiet --name "$job" --restart-condition none --network dhakacart-data \
    --env ETCDCTL_API=2 --entrypoint "$entrypoint" "$image" "$@" >/dev/null
  for ((i = 0; ; i++)); do
    state="$(docker service ps --format '{{.CurrentState}}' "$job" | head -1)"
    case "$state" in
      Complete*) docker service rm "$job" >/dev/null; return 0 ;;
      Failed* | Rejected*)
        docker service logs --raw "$job" >&2 || true
        docker service rm "$job" >/dev/null
        say "$job: $state"
        return 1
        ;;
    esac
    [ "$i" -lt "$TIMEOUT_S" ] || { docker service rm "$job" >/dev/null; say "$job did not finish"; return 1; }
    sleep 1
  done
}
image_of() { docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "${STACK}_$1"; }

say "stopping both members"
docker service scale --detach "${STACK}_pg1=0" "${STACK}_pg2=0" >/dev/null
for ((i = 0; i < 120; i++)); do
  [ "$(docker service ps --filter desired-state=running -q "${STACK}_pg1" "${STACK}_pg2" | wc -l)" -eq 0 ] && break
  sleep 1
done

say "clearing Patroni's record of the cluster in etcd"
# Patroni's keys are in etcd's v2 store (backup/bin/dhakacart-patroni says why).
run_job clear-patroni "$(image_of etcd1)" etcdctl --endpoints=http://etcd1:2379,http://etcd2:2379,http://etcd3:2379 \
  rm --recursive "/service/$SCOPE" || exit 1

say "starting the members with restore $RESTORE_ID ($RESTORE_TYPE $RESTORE_TARGET)"
for member in pg1 pg2; do
  docker service update --detach --quiet --replicas 1 --env-add "RESTORE_ID=$RESTORE_ID" \
    --env-add "RESTORE_TYPE=$RESTORE_TYPE" --env-add "RESTORE_TARGET=$RESTORE_TARGET" "${STACK}_$member" >/dev/null
done
started=$SECONDS
# Until a member answers Patroni's /primary, asked from dhakacart-data with the database image's Python.
run_job wait-primary "$(image_of pg1)" python3 -c "
import time, urllib.request
deadline = time.time() + $TIMEOUT_S
while time.time() < deadline:
    for host in ('pg1-data', 'pg2-data'):
        try:
            if urllib.request.urlopen('http://%s:8008/primary' % host, timeout=2).status == 200:
                raise SystemExit(0)
        except OSError:
            pass
    time.sleep(2)
raise SystemExit(1)" || { say "no primary after ${TIMEOUT_S} s"; exit 1; }
say "a primary runs again after $((SECONDS - started)) s"
