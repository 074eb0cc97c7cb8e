#!/bin/sh
# PostgreSQL's archive_command (swarm/data.yml): archive-wal.sh %p %f
# Copies one finished WAL segment (or history/backup-label file) into the spool directory, fsynced and renamed into
# place, so the WAL-G sidecar (walg-sidecar.sh) never sees a half-written file. Exit 0 tells PostgreSQL the file is
# archived; anything else makes it retry the same file later (and keep it in pg_wal meanwhile).
set -eu

src="$1"
name="$2"
spool="${WAL_SPOOL_DIR:-/var/lib/postgresql/data/wal-spool}"
dest="${spool}/${name}"

mkdir -p "$spool"
if [ -f "$dest" ]; then
  # A retry after a crash between the copy and PostgreSQL recording success: fine when the content is the same.
  if cmp -s "$src" "$dest"; then exit 0; fi
  echo "archive-wal: ${dest} already exists with different content" >&2
  exit 1
fi

tmp="${spool}/.${name}.tmp"
cp "$src" "$tmp"
sync "$tmp"
mv "$tmp" "$dest"
sync "$spool"
