#!/usr/bin/env bash
# `npm start`: VS Code (code-server) on 127.0.0.1 with this extension installed, against the demo host in demo/
# (recorded nvidia-smi, sample config), the window on a copy of demo/sample-project. Prints the URL; Ctrl-C stops code-server and removes its temp folder.
# The extension is "installed" as a symlink in a private --extensions-dir, so a rebuild (node esbuild.mjs)
# and a window reload pick up changes; nothing is written to the user's own VS Code or code-server folders.
# The engine: DOCKER_HOST when set; else, when dockerd is installed and we are root, a private dockerd of the
# demo's own (scripts/engine.sh, stopped with the demo); else none, and the extension shows its
# "engine unreachable" row. Environment: DS01_DEMO_PORT (default 8123), DOCKER_HOST, DS01_TEST_CACHE.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${DS01_TEST_CACHE:-$HOME/.cache/ds01-test}
port=${DS01_DEMO_PORT:-8123}

if [ ! -f "$cache/vscode.env" ]; then
  echo "start-demo: first run on this machine: installing code-server (scripts/setup-vscode.sh, about 2 minutes)"
  bash "$repo/scripts/setup-vscode.sh"
fi
# shellcheck source=/dev/null
. "$cache/vscode.env"
[ -x "$repo/demo/nvidia-smi" ] ||
  echo "start-demo: warning: $repo/demo/nvidia-smi is missing; the extension will show its error state for it"

(cd "$repo" && node esbuild.mjs)
version=$(node -p "require('$repo/package.json').version")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ds01-demo-XXXXXX")
mkdir -p "$tmp/extensions" "$tmp/user-data/User" "$tmp/state" "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/cache"
# The window opens a copy of the sample project (a Dockerfile to build, files to see at /workspace), so a
# newcomer can try Build Image and Open Folder in GPU Container without touching the repository.
cp -R "$repo/demo/sample-project" "$tmp/sample-project"
ln -s "$repo" "$tmp/extensions/ds01.ds01-gpu-host-$version"
cat > "$tmp/user-data/User/settings.json" <<'JSON'
{ "telemetry.telemetryLevel": "off", "workbench.startupEditor": "none", "chat.disableAIFeatures": true }
JSON
printf 'auth: none\ncert: false\n' > "$tmp/config.yaml"

engine_dir=
if [ -z "${DOCKER_HOST:-}" ] && command -v dockerd >/dev/null && [ "$(id -u)" -eq 0 ]; then
  engine_dir=$tmp/engine
  if DOCKER_HOST=$(DS01_ENGINE_DIR="$engine_dir" bash "$repo/scripts/engine.sh" start | sed -n 's/^export DOCKER_HOST=//p') && [ -n "$DOCKER_HOST" ]; then
    export DOCKER_HOST
  else
    echo "start-demo: the private dockerd did not start; the extension will show the engine as unreachable" >&2
    unset DOCKER_HOST
  fi
elif [ -z "${DOCKER_HOST:-}" ]; then
  echo "start-demo: no DOCKER_HOST and no dockerd to start (install it with scripts/setup-engine.sh, as root): the extension will show the engine as unreachable"
  export DOCKER_HOST=unix://$tmp/no-engine.sock
fi

pid=
stop() {
  # Ctrl-C in a terminal reaches this script twice (from the terminal and forwarded by npm): a second one
  # must not cut the cleanup short.
  trap '' INT TERM
  trap - EXIT
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "start-demo: stopping code-server (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  if [ -n "$engine_dir" ]; then DS01_ENGINE_DIR="$engine_dir" bash "$repo/scripts/engine.sh" stop 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

# setsid: code-server and the extension host it forks get their own process group, stopped as one.
DS01_ROOT="$repo/demo" DS01_NVIDIA_SMI="$repo/demo/nvidia-smi" DS01_STATE_DIR="$tmp/state" \
XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" XDG_CACHE_HOME="$tmp/xdg/cache" \
EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/api","itemUrl":"http://127.0.0.1:9/item","resourceUrlTemplate":"http://127.0.0.1:9/r"}' \
  setsid "$DS01_NODE24" "$DS01_CODE_SERVER_ENTRY" --bind-addr "127.0.0.1:$port" --auth none --config "$tmp/config.yaml" \
    --user-data-dir "$tmp/user-data" --extensions-dir "$tmp/extensions" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override "$tmp/sample-project" > "$tmp/code-server.log" 2>&1 &
pid=$!

healthy=
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-demo: code-server exited while starting (port $port taken? set DS01_DEMO_PORT):" >&2
    tail -20 "$tmp/code-server.log" >&2
    exit 1
  fi
  node -e "fetch('http://127.0.0.1:$port/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && healthy=1 && break
  sleep 0.5
done
[ -n "$healthy" ] || { echo "start-demo: code-server did not answer on port $port within 60 s; see $tmp/code-server.log" >&2; tail -20 "$tmp/code-server.log" >&2; exit 1; }
echo "start-demo: DS01 demo in VS Code: http://127.0.0.1:$port/   (Ctrl-C to stop; log: $tmp/code-server.log)"
echo "start-demo: the window shows a sample project ($tmp/sample-project): try DS01: Build Image, then DS01: Open Folder in GPU Container"
echo "start-demo: demo host: DS01_ROOT=$repo/demo DS01_NVIDIA_SMI=$repo/demo/nvidia-smi DS01_STATE_DIR=$tmp/state${DOCKER_HOST:+ DOCKER_HOST=$DOCKER_HOST}"
wait "$pid" || true
