# A lab test host: Debian bookworm as a server boots it (systemd, sshd), before any provisioning.
ARG ROOTFS=dhakacart/lab-rootfs:bookworm
FROM ${ROOTFS}
ENV container=docker DEBIAN_FRONTEND=noninteractive
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends systemd systemd-sysv dbus openssh-server python3 iproute2 \
      iputils-ping procps kmod >/dev/null \
 # What the roles install, fetched now and installed by them later (apt's cache is kept: see docker-clean below).
 && rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get install -y -qq --download-only --no-install-recommends docker.io containerd runc nftables chrony \
      unattended-upgrades python3-apt python3-docker python3-jsondiff python3-yaml sudo curl apt-transport-https \
      >/dev/null \
 # No getty or kernel-ish units in a container; sshd keys come at first boot.
 && systemctl mask getty.target console-getty.service systemd-udevd.service systemd-modules-load.service \
      sys-kernel-config.mount sys-kernel-debug.mount systemd-remount-fs.service >/dev/null 2>&1 \
 && rm -f /etc/ssh/ssh_host_* && systemctl enable ssh >/dev/null 2>&1 \
 && mkdir -p /etc/systemd/system/ssh.service.d \
 && printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' \
      > /etc/systemd/system/ssh.service.d/host-keys.conf \
 && mkdir -p /root/.ssh && chmod 700 /root/.ssh
COPY host-entry.sh /usr/local/sbin/host-entry
STOPSIGNAL SIGRTMIN+3
ENTRYPOINT ["/usr/local/sbin/host-entry"]
