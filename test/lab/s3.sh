#!/usr/bin/env bash
# The lab's two S3 regions: npm s3rver on this machine, over HTTPS with a certificate from a lab CA that pgBackRest
# verifies (pgBackRest 2.45 speaks only TLS to S3). Region 1 on 10.231.0.1:9001 (s3.region-1.lab), region 2 on
# 10.231.0.1:9002 (s3.region-2.lab); the hosts reach this machine at the lab network's gateway.
#   test/lab/s3.sh up                start both (each with its bucket), the CA in test/lab/generated/s3-ca.pem
#   test/lab/s3.sh stop <1|2>        stop one region (S3 unreachable)
#   test/lab/s3.sh start <1|2> [--no-bucket]   start it again, on the same data (--no-bucket: after its bucket was
#                                    deleted, do not create it again)
#   test/lab/s3.sh delete-bucket <1|2>   stop the region, remove its bucket with every object, start it without one
#   test/lab/s3.sh restore-bucket <1|2>  put a deleted bucket back (the lab's clean-up after that check)
#   test/lab/s3.sh down              stop both
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE=/tmp/dhakacart-lab
GEN=test/lab/generated
ADDRESS=10.231.0.1
BUCKETS=(unused dhakacart-backups-region-1 dhakacart-backups-region-2)

port() { echo "900$1"; }
pidfile() { echo "$STATE/s3-$1.pid"; }

certificates() {
  [ -s "$GEN/s3-ca.pem" ] && [ -s "$STATE/s3.crt" ] && return 0
  mkdir -p "$GEN" "$STATE"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=DhakaCart lab CA" \
    -keyout "$STATE/s3-ca.key" -out "$GEN/s3-ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=s3.region-1.lab" -keyout "$STATE/s3.key" -out "$STATE/s3.csr" 2>/dev/null
  printf 'subjectAltName=DNS:s3.region-1.lab,DNS:s3.region-2.lab,IP:%s\n' "$ADDRESS" > "$STATE/s3.ext"
  openssl x509 -req -in "$STATE/s3.csr" -CA "$GEN/s3-ca.pem" -CAkey "$STATE/s3-ca.key" -CAcreateserial -days 7 \
    -extfile "$STATE/s3.ext" -out "$STATE/s3.crt" 2>/dev/null
}

start() {  # start <region> [--no-bucket]
  local r="$1" args=()
  stop "$r"
  mkdir -p "$STATE/s3-$r"
  [ "${2:-}" = --no-bucket ] || args=(--configure-bucket "${BUCKETS[$r]}")
  nohup node node_modules/s3rver/bin/s3rver.js -d "$STATE/s3-$r" -a "$ADDRESS" -p "$(port "$r")" --silent \
    --key "$STATE/s3.key" --cert "$STATE/s3.crt" --no-vhost-buckets "${args[@]}" \
    > "$STATE/s3-$r.log" 2>&1 &
  echo $! > "$(pidfile "$r")"
  local i
  for ((i = 0; i < 50; i++)); do
    curl -s --cacert "$GEN/s3-ca.pem" --resolve "s3.region-$r.lab:$(port "$r"):$ADDRESS" \
      -o /dev/null "https://s3.region-$r.lab:$(port "$r")/" && return 0
    sleep 0.2
  done
  echo "s3: region $r did not start: $(tail -5 "$STATE/s3-$r.log")" >&2
  return 1
}

stop() {  # stop <region>
  local f
  f="$(pidfile "$1")"
  [ -s "$f" ] || return 0
  kill "$(cat "$f")" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
  rm -f "$f"
}

case "${1:-}" in
  up) certificates; start 1; start 2; echo "s3: regions 1 and 2 on $ADDRESS:9001 and :9002 (CA $GEN/s3-ca.pem)" ;;
  stop) stop "$2" ;;
  start) start "$2" "${3:-}" ;;
  delete-bucket)
    stop "$2"
    rm -rf "$STATE/s3-$2.deleted"
    mv "$STATE/s3-$2/${BUCKETS[$2]}" "$STATE/s3-$2.deleted"
    start "$2" --no-bucket ;;
  restore-bucket)
    stop "$2"
    [ -d "$STATE/s3-$2.deleted" ] && mv "$STATE/s3-$2.deleted" "$STATE/s3-$2/${BUCKETS[$2]}"
    start "$2" ;;
  down) stop 1; stop 2 ;;
  *) echo "usage: test/lab/s3.sh up|stop N|start N [--no-bucket]|delete-bucket N|restore-bucket N|down" >&2; exit 2 ;;
esac
