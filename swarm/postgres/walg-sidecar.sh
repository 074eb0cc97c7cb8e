#!/usr/bin/env bash
# The WAL-G sidecar of swarm/data.yml, on the PostgreSQL node, sharing its data volume and socket.
#   walg-sidecar.sh run      ship spooled WAL to S3 continuously; a full base backup at BACKUP_HOUR_UTC every night
#                            (and at once when none was ever taken), then delete what RETAIN_FULL no longer covers
#   walg-sidecar.sh health   exit non-zero when WAL waits in the spool for more than SPOOL_MAX_AGE_MIN minutes or
#                            the last base backup is more than 26 hours old
# WAL-G reads its credentials and encryption key from the secret file WALG_CONFIG_FILE; the rest from the environment.
set -euo pipefail

: "${WAL_SPOOL_DIR:?}" "${PGDATA:?}" "${WALG_CONFIG_FILE:?}"
BACKUP_HOUR_UTC="${BACKUP_HOUR_UTC:-20}"
RETAIN_FULL="${RETAIN_FULL:-31}"
SPOOL_MAX_AGE_MIN="${SPOOL_MAX_AGE_MIN:-10}"
state="${WAL_SPOOL_DIR}/.walg"

log() { echo "walg-sidecar: $(date -u +%FT%TZ) $*" >&2; }
walg() { wal-g --config "$WALG_CONFIG_FILE" "$@"; }

# Oldest first: segment names sort in WAL order; a failed push stops the round and is retried in the next one.
push_spool() {
  local f
  for f in "$WAL_SPOOL_DIR"/[!.]*; do
    [ -f "$f" ] || continue
    if ! walg wal-push "$f"; then
      log "wal-push $(basename "$f") failed; retrying"
      return 1
    fi
    rm -f -- "$f"
  done
}

push_loop() {
  while true; do
    push_spool || true
    sleep 5
  done
}

backup_due() {
  [ -f "$state/last-backup" ] || return 0
  [ "$(date -u +%H)" -eq "$BACKUP_HOUR_UTC" ] && [ "$(cat "$state/last-backup")" != "$(date -u +%F)" ]
}

backup_loop() {
  while true; do
    if backup_due; then
      log "base backup starting"
      if walg backup-push "$PGDATA"; then
        date -u +%F > "$state/last-backup"
        log "base backup done; keeping the last ${RETAIN_FULL} full backups"
        walg delete retain FULL "$RETAIN_FULL" --confirm || log "retention (delete) failed"
      else
        log "base backup failed; retrying in 10 minutes"
        sleep 600
      fi
    fi
    sleep 60
  done
}

health() {
  local stale
  stale="$(find "$WAL_SPOOL_DIR" -maxdepth 1 -type f ! -name '.*' -mmin "+${SPOOL_MAX_AGE_MIN}" -print -quit)"
  if [ -n "$stale" ]; then
    echo "WAL waiting in the spool for more than ${SPOOL_MAX_AGE_MIN} min: $(basename "$stale")"
    return 1
  fi
  # No backup yet is fine for the first 26 hours after the sidecar started.
  if [ -z "$(find "$state" -maxdepth 1 -name last-backup -mmin -1560 -print -quit)" ] &&
    [ -z "$(find "$state" -maxdepth 1 -name started -mmin -1560 -print -quit)" ]; then
    echo "no base backup in the last 26 hours"
    return 1
  fi
}

case "${1:-}" in
  run)
    mkdir -p "$WAL_SPOOL_DIR" "$state"
    touch "$state/started"
    push_loop &
    backup_loop &
    trap 'kill $(jobs -p) 2>/dev/null; wait; exit 0' TERM INT
    wait -n
    log "a loop ended unexpectedly"
    exit 1
    ;;
  health) health ;;
  *)
    echo "usage: $0 run|health" >&2
    exit 2
    ;;
esac
