#!/usr/bin/env bash
# Runs every test suite of the project: types, build, unit, then each suite's own runner
# (test/native/run.sh, test/engine/run.sh, test/vscode/run.sh) where it exists.
# A failing suite fails the whole run; the summary line counts suites.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
passed=0
step() {
  local name=$1; shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else failed+=("$name"); fi
}
step typecheck npx tsc --noEmit -p .
step build node esbuild.mjs
step unit npx mocha --config test/unit/.mocharc.json
for suite in native engine vscode; do
  [ -x "test/$suite/run.sh" ] && step "$suite" "test/$suite/run.sh"
done
echo "=== suites: ${passed} passed, ${#failed[@]} failed ${failed[*]:-}"
[ ${#failed[@]} -eq 0 ]
