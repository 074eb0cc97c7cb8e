#!/bin/sh
# PID 1 of a lab host: make /sys and the cgroup hierarchies writable (an inner dockerd needs them; without
# --privileged they come read-only), drop pid files a killed host left behind, install the operator's key, boot systemd.
mount -o remount,rw /sys 2>/dev/null
for d in /sys/fs/cgroup /sys/fs/cgroup/*; do mount -o remount,bind,rw "$d" 2>/dev/null; done
rm -f /run/docker.pid /run/docker/containerd/containerd.pid /run/sshd.pid /var/run/docker.pid
if [ -n "${LAB_AUTHORIZED_KEY:-}" ]; then
  printf '%s\n' "$LAB_AUTHORIZED_KEY" > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys
fi
exec /lib/systemd/systemd
