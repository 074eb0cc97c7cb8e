#!/usr/bin/env bash
# The lab cluster: bare Debian bookworm hosts as containers on this machine, for ansible/site.yml to provision.
#   test/lab/cluster.sh up        image, network, registry, hosts, SSH key, inventory and vault (idempotent)
#   test/lab/cluster.sh inventory [--with-spare]   (re)writes ansible/inventories/lab/generated/hosts.yml
#   test/lab/cluster.sh down      removes the hosts, their volumes, the network and the registry
#
# Hosts (network dhakacart-lab, 10.231.0.0/24; this machine is 10.231.0.1, the operator and the registry):
#   lab-mgr-1..3  .11-.13  managers, app tier, zones lab-a/b/c
#   lab-wrk-1     .21      worker, app tier, zone lab-a, PostgreSQL member pg2
#   lab-wrk-2     .22      worker: edge, Redis, monitoring and PostgreSQL member pg1 (killed only by backups 2)
#   lab-wrk-3     .23      worker, app tier, zone lab-c: started bare, joins only in check 7 (inventory --with-spare)
#   lab-outside   .99      not in the inventory: the firewall check probes the cluster from it
# This machine also serves the lab's two S3 regions (test/lab/s3.sh) for the database's backups.
# Recipe (--cap-add ALL minus SYS_RESOURCE, unconfined profiles, a volume at /var/lib/docker): see
# docs/provisioning.md ("The lab"); each host boots systemd as a real server would.
set -euo pipefail
cd "$(dirname "$0")/../.."
LAB_NET=dhakacart-lab
SUBNET=10.231.0.0/24
GATEWAY=10.231.0.1
REGISTRY_PORT=5000
HOST_IMAGE=dhakacart/lab-host:bookworm
GEN=ansible/inventories/lab/generated
STATE=/tmp/dhakacart-lab
HOSTS=("lab-mgr-1 10.231.0.11" "lab-mgr-2 10.231.0.12" "lab-mgr-3 10.231.0.13" "lab-wrk-1 10.231.0.21"
  "lab-wrk-2 10.231.0.22" "lab-wrk-3 10.231.0.23" "lab-outside 10.231.0.99")

start_host() {  # start_host <name> <ip>
  local name="$1" ip="$2"
  if [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ]; then return 0; fi
  if docker inspect "$name" >/dev/null 2>&1; then docker start "$name" >/dev/null; return 0; fi
  docker run -d --name "$name" --hostname "$name" --network "$LAB_NET" --ip "$ip" \
    --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --security-opt systempaths=unconfined --device-cgroup-rule='a *:* rwm' --device /dev/fuse \
    --tmpfs /run --tmpfs /run/lock --tmpfs /tmp -v "$name-docker:/var/lib/docker" \
    --label dhakacart.lab=host -e LAB_AUTHORIZED_KEY="$(cat "$STATE/id_ed25519.pub")" "$HOST_IMAGE" >/dev/null
}

write_inventory() {  # write_inventory [--with-spare]
  local spare_worker="" spare_app=""
  if [ "${1:-}" = --with-spare ]; then
    spare_worker=$'        lab-wrk-3:\n          ansible_host: 10.231.0.23\n          zone: lab-c'
    spare_app=$'        lab-wrk-3:'
  fi
  mkdir -p "$GEN/group_vars/all"
  cat > "$GEN/hosts.yml" <<YAML
---
# Written by test/lab/cluster.sh: the lab's hosts, in the groups of ../../production/hosts.yml.
all:
  children:
    cluster:
      children:
        managers:
          hosts:
            lab-mgr-1:
              ansible_host: 10.231.0.11
              zone: lab-a
              etcd_member: 1
            lab-mgr-2:
              ansible_host: 10.231.0.12
              zone: lab-b
              etcd_member: 2
            lab-mgr-3:
              ansible_host: 10.231.0.13
              zone: lab-c
              etcd_member: 3
        workers:
          hosts:
            lab-wrk-1:
              ansible_host: 10.231.0.21
              zone: lab-a
              db_member: 2
            lab-wrk-2:
              ansible_host: 10.231.0.22
              zone: lab-b
              db_member: 1
$(printf '%s\n' "$spare_worker" | sed 's/^/    /' | sed '/^ *$/d')
    app:
      hosts:
        lab-mgr-1:
        lab-mgr-2:
        lab-mgr-3:
        lab-wrk-1:
$(printf '%s\n' "$spare_app" | sed '/^ *$/d')
    edge:
      hosts:
        lab-wrk-2:
    db:
      hosts:
        lab-wrk-2:
        lab-wrk-1:
    redis:
      hosts:
        lab-wrk-2:
    monitoring:
      hosts:
        lab-wrk-2:
YAML
}

write_vars() {
  local key
  key="$(cat "$STATE/id_ed25519.pub")"
  cat > "$GEN/group_vars/all/main.yml" <<YAML
---
# Written by test/lab/cluster.sh: what differs from production in the lab (everything else is the roles' defaults).
ansible_user: root
ansible_ssh_private_key_file: $STATE/id_ed25519
ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ControlMaster=auto -o ControlPersist=300s -o ControlPath=$STATE/ssh-%r@%h:%p
cluster_address: "{{ ansible_host }}"
base_admin_users:
  - name: ops
    ssh_keys:
      - $key
# A container cannot load kernel modules, and kernel.* sysctls are the machine's, not the host container's.
base_kernel_modules: []
base_sysctl_hardening:
  net.ipv4.conf.all.accept_redirects: 0
  net.ipv4.conf.default.accept_redirects: 0
  net.ipv4.conf.all.send_redirects: 0
  net.ipv4.conf.all.accept_source_route: 0
  net.ipv4.tcp_syncookies: 1
# The operator is this machine.
firewall_admin_ranges_v4: [$GATEWAY/32]
# The lab's registry (plain HTTP, lab only).
docker_insecure_registries: ["$GATEWAY:$REGISTRY_PORT"]
stack_domain: shop.lab.internal
stack_app_image: "{{ lookup('ansible.builtin.env', 'DHAKACART_IMAGE') }}"
stack_resolve_image: never
# This machine's kernel has no IPsec (XFRM): encrypted overlays drop every packet between nodes (swarm/networks.sh).
stack_overlay_encrypted: false
stack_update_timeout: 300
stack_migration_timeout: 180
stack_copy_dirs: [swarm, monitoring, test/lab]
# production's data stack (Patroni + PostgreSQL + pgBackRest from backup/Dockerfile) with the lab's S3 regions and
# Debian's Redis, etcd and HAProxy (test/lab/data.override.yml); HAProxy stands in for Traefik (test/lab/edge.yml). The monitoring and autoscaler
# stacks are not deployed in the lab yet.
stack_before_app:
  - name: dhakacart-data
    file: data.yml
    overrides: [../test/lab/data.override.yml]
    env:
      POSTGRES_IMAGE: "{{ lookup('ansible.builtin.env', 'LAB_POSTGRES_IMAGE') }}"
      ETCD_IMAGE: "{{ lookup('ansible.builtin.env', 'LAB_ETCD_IMAGE') }}"
      LAB_DATA_IMAGE: "{{ lookup('ansible.builtin.env', 'LAB_DATA_IMAGE') }}"
      HAPROXY_PLACEMENT: node.labels.dhakacart.edge == true
  - name: dhakacart-edge
    file: ../test/lab/edge.yml
    env:
      LAB_EDGE_IMAGE: "{{ lookup('ansible.builtin.env', 'LAB_EDGE_IMAGE') }}"
stack_after_app: []
stack_secret_values:
  database_url: "{{ vault_database_url }}"
  redis_url: "{{ vault_redis_url }}"
  jwt_secret: "{{ vault_jwt_secret }}"
  smtp_url: "{{ vault_smtp_url }}"
  chat_webhook_url: "{{ vault_chat_webhook_url }}"
  metrics_token: "{{ vault_metrics_token }}"
  postgres_password: "{{ vault_postgres_password }}"
  redis_password: "{{ vault_redis_password }}"
  pgbackrest_secrets: "{{ vault_pgbackrest_secrets }}"
  grafana_admin_password: "{{ vault_grafana_admin_password }}"
  alertmanager_webhook_url: "{{ vault_alertmanager_webhook_url }}"
  alertmanager_heartbeat_url: "{{ vault_alertmanager_heartbeat_url }}"
YAML
}

write_vault() {
  [ -s "$GEN/group_vars/all/vault.yml" ] && return 0
  openssl rand -base64 32 > "$GEN/.vault-pass"
  chmod 600 "$GEN/.vault-pass"
  local plain="$STATE/vault.plain.yml" pg_password redis_password
  pg_password="$(openssl rand -hex 16)"
  redis_password="$(openssl rand -hex 16)"
  cat > "$plain" <<YAML
---
vault_database_url: postgres://dhakacart:$pg_password@postgres:5432/dhakacart
vault_redis_url: redis://:$redis_password@redis:6379
vault_jwt_secret: $(openssl rand -base64 36)
# No mail server or chat in the lab: a blank value means "log instead of sending" (a Docker secret cannot be empty).
vault_smtp_url: "\n"
vault_chat_webhook_url: "\n"
vault_metrics_token: $(openssl rand -hex 24)
vault_postgres_password: $pg_password
vault_redis_password: $redis_password
# s3rver accepts the key pair S3RVER/S3RVER; the passphrases encrypt the lab's backups as production's do.
vault_pgbackrest_secrets: |
  [global]
  repo1-s3-key=S3RVER
  repo1-s3-key-secret=S3RVER
  repo1-cipher-pass=$(openssl rand -base64 48 | tr -d '\n')
  repo2-s3-key=S3RVER
  repo2-s3-key-secret=S3RVER
  repo2-cipher-pass=$(openssl rand -base64 48 | tr -d '\n')
vault_grafana_admin_password: $(openssl rand -hex 16)
vault_alertmanager_webhook_url: http://127.0.0.1:9/none
vault_alertmanager_heartbeat_url: http://127.0.0.1:9/none
YAML
  ansible-vault encrypt --vault-password-file "$GEN/.vault-pass" --output "$GEN/group_vars/all/vault.yml" "$plain" >/dev/null
  rm -f "$plain"
}

edge_certificate() {  # the edge stand-in's TLS certificate (self-signed; Traefik gets Let's Encrypt's in production)
  [ -s test/lab/generated/edge.pem ] && return 0
  mkdir -p test/lab/generated
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=shop.lab.internal \
    -keyout "$STATE/edge.key" -out "$STATE/edge.crt" 2>/dev/null
  cat "$STATE/edge.crt" "$STATE/edge.key" > test/lab/generated/edge.pem
  rm -f "$STATE/edge.key"
}

start_registry() {
  if curl -fsS "http://127.0.0.1:$REGISTRY_PORT/v2/" >/dev/null 2>&1; then return 0; fi
  command -v docker-registry >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }
  mkdir -p "$STATE/registry"
  cat > "$STATE/registry.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
http:
  addr: 0.0.0.0:$REGISTRY_PORT
YAML
  nohup docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
  for _ in $(seq 1 30); do curl -fsS "http://127.0.0.1:$REGISTRY_PORT/v2/" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "cluster: the registry did not start (log: $STATE/registry.log)" >&2
  return 1
}

# The operator's SSH settings for the lab hosts, as a block in ~/.ssh/config: the Docker CLI's ssh:// transport
# (DOCKER_HOST=ssh://root@<manager>, how deploy.sh and the checks reach the swarm) reads only that file.
# One multiplexed connection per host keeps each docker command cheap.
SSH_BEGIN="# BEGIN dhakacart-lab"
SSH_END="# END dhakacart-lab"
ssh_config() {  # ssh_config add|remove
  mkdir -p ~/.ssh && chmod 700 ~/.ssh && touch ~/.ssh/config
  local rest
  rest="$(sed "/^$SSH_BEGIN\$/,/^$SSH_END\$/d" ~/.ssh/config)"
  if [ "$1" = add ]; then
    printf '%s\nHost 10.231.0.*\n  User root\n  IdentityFile %s\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  ControlMaster auto\n  ControlPath %s/cm-%%h\n  ControlPersist 900\n  ServerAliveInterval 5\n  ServerAliveCountMax 2\n%s\n%s\n' \
      "$SSH_BEGIN" "$STATE/id_ed25519" "$STATE" "$SSH_END" "$rest" > ~/.ssh/config
  else
    printf '%s\n' "$rest" > ~/.ssh/config
  fi
  chmod 600 ~/.ssh/config
}

wait_for_ssh() {
  local name ip
  for entry in "${HOSTS[@]}"; do
    read -r name ip <<<"$entry"
    for _ in $(seq 1 60); do
      ssh -i "$STATE/id_ed25519" -o BatchMode=yes -o ConnectTimeout=2 -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "root@$ip" true 2>/dev/null && continue 2
      sleep 1
    done
    echo "cluster: $name ($ip) does not answer on SSH" >&2
    return 1
  done
}

case "${1:-}" in
  up)
    mkdir -p "$STATE"
    [ -s "$STATE/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C dhakacart-lab -f "$STATE/id_ed25519"
    bash test/lab/build-host-image.sh "$HOST_IMAGE"
    docker network inspect "$LAB_NET" >/dev/null 2>&1 ||
      docker network create --subnet "$SUBNET" --gateway "$GATEWAY" "$LAB_NET" >/dev/null
    start_registry
    bash test/lab/s3.sh up
    for entry in "${HOSTS[@]}"; do start_host "${entry% *}" "${entry#* }"; done
    write_inventory
    write_vars
    write_vault
    edge_certificate
    ssh_config add
    wait_for_ssh
    echo "cluster: ${#HOSTS[@]} hosts up on $SUBNET, registry on $GATEWAY:$REGISTRY_PORT"
    ;;
  inventory)
    write_inventory "${2:-}"
    ;;
  down)
    mapfile -t ids < <(docker ps -aq --filter label=dhakacart.lab=host)
    [ "${#ids[@]}" -gt 0 ] && docker rm -f "${ids[@]}" >/dev/null
    for entry in "${HOSTS[@]}"; do docker volume rm -f "${entry%% *}-docker" >/dev/null 2>&1 || true; done
    docker network rm "$LAB_NET" >/dev/null 2>&1 || true
    pkill -f "docker-registry serve $STATE/registry.yml" 2>/dev/null || true
    bash test/lab/s3.sh down
    ssh_config remove
    rm -rf "$STATE" "$GEN" test/lab/generated
    echo "cluster: removed"
    ;;
  *)
    echo "usage: $0 up | inventory [--with-spare] | down" >&2
    exit 2
    ;;
esac
