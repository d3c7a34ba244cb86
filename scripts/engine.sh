#!/usr/bin/env bash
# A private Docker engine for tests (TEST-INFRA.md §1): own socket, data and exec dirs, no bridge,
# no iptables, and a stub nvidia-container-runtime-hook so containers with GPU device requests start.
#   eval "$(scripts/engine.sh start)"   start or reuse; prints only the DOCKER_HOST export on stdout
#   scripts/engine.sh stop              SIGTERM by pid, wait, unmount what dockerd left mounted
#   scripts/engine.sh kill              SIGKILL by pid (fault tests); a later start recovers
#   scripts/engine.sh status            exit 0 when the engine answers /_ping
# Logs go to stderr and $DIR/dockerd.log. Setup (docker.io, busybox-static): scripts/setup-engine.sh.
set -euo pipefail

DIR=${DS01_ENGINE_DIR:-/tmp/ds01-engine}
SOCK=$DIR/docker.sock
PIDFILE=$DIR/dockerd.pid
LOG=$DIR/dockerd.log
IMAGE=ds01-test/busybox:latest
START_TIMEOUT_S=30

say() { echo "engine.sh: $*" >&2; }

alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

ping() { curl -sf --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

docker_cli() { docker -H "unix://$SOCK" "$@"; }

# dockerd leaves its netns mount, and after a SIGKILL the private bind mount of its data root.
release_mounts() {
  local m
  for m in "$DIR/exec/netns/default" "$DIR/data"; do
    if mountpoint -q "$m" 2>/dev/null; then umount "$m" 2>/dev/null || umount -l "$m" || true; fi
  done
}

# dockerd supervises its own containerd; after a SIGKILL of dockerd that containerd lives on and
# would hold the state dir, so it is stopped by its pid file before a fresh start.
stop_orphan_containerd() {
  local pidfile=$DIR/exec/containerd/containerd.pid
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "stopping leftover containerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

write_hook_stub() {
  mkdir -p "$DIR/bin"
  cat >"$DIR/bin/nvidia-container-runtime-hook" <<HOOK
#!/bin/sh
# Test stub: dockerd registers its nvidia driver when this exists; the OCI prestart hook only logs.
{ echo "--- \$(date -u +%FT%TZ) \$*"; cat; echo; } >>"$DIR/hook.log" 2>/dev/null
exit 0
HOOK
  chmod 0755 "$DIR/bin/nvidia-container-runtime-hook"
}

import_image() {
  docker_cli image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  local busybox
  busybox=$(command -v busybox || true)
  [ -n "$busybox" ] || { say "busybox missing: run scripts/setup-engine.sh"; return 1; }
  local root=$DIR/image-root
  rm -rf "$root" && mkdir -p "$root/bin" "$root/tmp" "$root/workspace"
  cp "$busybox" "$root/bin/busybox"
  for tool in sh echo sleep cat ls env id true false; do ln -s busybox "$root/bin/$tool"; done
  tar -C "$root" -cf "$DIR/rootfs.tar" .
  docker_cli import -c 'CMD ["/bin/sh"]' "$DIR/rootfs.tar" "$IMAGE" >/dev/null
  rm -rf "$root" "$DIR/rootfs.tar"
  say "imported $IMAGE"
}

start_locked() {
  if alive && ping; then
    say "reusing dockerd (pid $(cat "$PIDFILE"))"
  else
    command -v dockerd >/dev/null || { say "dockerd missing: run scripts/setup-engine.sh"; return 1; }
    if alive; then
      say "dockerd (pid $(cat "$PIDFILE")) does not answer; killing it"
      kill -KILL "$(cat "$PIDFILE")" 2>/dev/null || true
      sleep 0.5
    fi
    stop_orphan_containerd
    release_mounts
    rm -f "$PIDFILE" "$SOCK"
    mkdir -p "$DIR/data" "$DIR/exec"
    write_hook_stub
    say "starting dockerd (log: $LOG)"
    PATH="$DIR/bin:$PATH" setsid dockerd \
      -H "unix://$SOCK" --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$PIDFILE" \
      --iptables=false --ip6tables=false --bridge=none \
      </dev/null >>"$LOG" 2>&1 &
    local deadline=$((SECONDS + START_TIMEOUT_S))
    until ping; do
      if [ $SECONDS -ge $deadline ]; then
        say "dockerd did not answer /_ping within ${START_TIMEOUT_S}s; last log lines:"
        tail -n 20 "$LOG" >&2
        return 1
      fi
      sleep 0.2
    done
    say "dockerd up (pid $(cat "$PIDFILE"))"
  fi
  import_image
}

cmd_start() {
  mkdir -p "$DIR"
  # Several test suites may start the engine at once: one start at a time.
  exec 9>"$DIR/.lock"
  flock -w 60 9 || { say "another start holds $DIR/.lock"; return 1; }
  start_locked
  flock -u 9
  echo "export DOCKER_HOST=unix://$SOCK"
}

cmd_stop() {
  if alive; then
    local pid
    pid=$(cat "$PIDFILE")
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then say "dockerd (pid $pid) ignored SIGTERM for 15s; killing"; kill -KILL "$pid"; fi
    say "stopped dockerd (pid $pid)"
  else
    say "dockerd not running"
  fi
  stop_orphan_containerd
  release_mounts
  rm -f "$PIDFILE"
}

cmd_kill() {
  if alive; then
    local pid
    pid=$(cat "$PIDFILE")
    kill -KILL "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    say "killed dockerd (pid $pid)"
  else
    say "dockerd not running"
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  kill) cmd_kill ;;
  status) ping ;;
  *) echo "usage: scripts/engine.sh start|stop|kill|status" >&2; exit 2 ;;
esac
