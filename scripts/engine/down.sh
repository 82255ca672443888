#!/usr/bin/env bash
# Stops what scripts/engine/up.sh started: every container of the engine, then dockerd itself
# (by its recorded PID). Keeps the rootfs and the images for the next run.
set -uo pipefail
DIR=${MED_DEMO_ENGINE_DIR:-/var/tmp/med-engine}
pidfile="$DIR/dockerd.pid"
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  export DOCKER_HOST="unix://$DIR/docker.sock"
  ids=$(docker ps -aq 2>/dev/null)
  [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
fi
# dockerd leaves its network namespace mounted, which would make the directory undeletable.
umount "$DIR/exec/netns/default" 2>/dev/null
rm -f "$pidfile"
exit 0
