#!/usr/bin/env bash
# The in-VS Code suite: builds the extension and the suite bundle, then runs it in code-server's real
# extension host through headless chromium (test/vscode/launch.ts). Needs `bash scripts/setup-vscode.sh`
# once per machine (CI runs it); extra arguments go to the launcher (--screenshots DIR, --keep-open S, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${DS01_TEST_CACHE:-$HOME/.cache/ds01-test}
if [ ! -f "$cache/vscode.env" ]; then
  echo "test/vscode: $cache/vscode.env is missing: run \`bash scripts/setup-vscode.sh\` first (installs Node 24, code-server, chromium)" >&2
  exit 2
fi
node esbuild.mjs
node test/vscode/build.mjs
exec node --import tsx test/vscode/launch.ts "$@"
