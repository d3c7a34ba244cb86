#!/usr/bin/env bash
# The in-VS Code suite: builds the extension and the suite bundle, makes a small DS01 host with a private
# dockerd (test/vscode/host.sh), then runs the suite in code-server's real extension host through headless
# chromium (test/vscode/launch.ts). Needs `bash scripts/setup-vscode.sh` and `scripts/setup-engine.sh` once
# per machine (CI runs them); extra arguments go to the launcher (--screenshots DIR, --keep-open S, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${DS01_TEST_CACHE:-$HOME/.cache/ds01-test}
if [ ! -f "$cache/vscode.env" ]; then
  echo "test/vscode: $cache/vscode.env is missing: run \`bash scripts/setup-vscode.sh\` first (installs Node 24, code-server, chromium)" >&2
  exit 2
fi
# The suite runs against the packaged extension, installed with code-server --install-extension (launch.ts --vsix).
npm run -s package
node test/vscode/build.mjs
host=$(mktemp -d "${TMPDIR:-/tmp}/ds01-vsc-host-XXXXXX")
trap 'test/vscode/host.sh stop "$host"; rm -rf "$host"' EXIT
mapfile -t host_env < <(test/vscode/host.sh "$host")
[ ${#host_env[@]} -gt 0 ] || { echo "test/vscode: could not make the test host" >&2; exit 2; }
# The notice library's events file lives under XDG_RUNTIME_DIR; the suite appends event lines there.
mkdir -m 700 "$host/runtime"
node --import tsx test/vscode/launch.ts --vsix ds01-gpu-host.vsix "${host_env[@]}" --env "XDG_RUNTIME_DIR=$host/runtime" "$@"
