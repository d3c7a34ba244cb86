#!/usr/bin/env bash
# Runs every test suite of the project: setup, types, build, unit, then each suite's own runner
# (test/native/run.sh, test/engine/run.sh, test/vscode/run.sh, test/demo/run.sh) where it exists.
# Prints each suite's output, then one closing line with the tests counted over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)
# The native and engine suites share the default private engine (scripts/engine.sh); one this run started is
# stopped at the end, one that was running before (a developer's, `npm start`'s) is left as it was.
engine_was_up=no
bash scripts/engine.sh status >/dev/null 2>&1 && engine_was_up=yes
finish() {
  [ "$engine_was_up" = yes ] || bash scripts/engine.sh stop >/dev/null 2>&1 || true
  rm -rf "$log"
}
trap finish EXIT
passed=0
failed=0
broken=()

# Counts the last "N passing"/"N passed" and "N failing"/"N failed" a suite printed.
count() {
  local file=$1 p f
  p=$(grep -oE '[0-9]+ (passing|passed)' "$file" | tail -n 1 | grep -oE '^[0-9]+' || true)
  f=$(grep -oE '[0-9]+ (failing|failed)' "$file" | tail -n 1 | grep -oE '^[0-9]+' || true)
  echo "${p:-0} ${f:-0}"
}

suite() {
  local name=$1 counted=$2; shift 2
  echo "=== $name"
  "$@" 2>&1 | tee "$log/$name"
  local rc=${PIPESTATUS[0]}
  if [ "$counted" = yes ]; then
    read -r p f < <(count "$log/$name")
    passed=$((passed + p)); failed=$((failed + f))
    # A suite that failed without saying how many tests failed still counts as one failure.
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  elif [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  [ "$rc" -eq 0 ] || broken+=("$name")
}

# What the suites need (apt packages, dockerd, code-server, Chromium); each script is idempotent and quick
# once done, so a fresh machine needs only `npm ci && npm test`.
for s in scripts/setup-*.sh; do
  suite "setup-$(basename "$s" .sh | sed 's/^setup-//')" no bash "$s"
done
suite typecheck no npx tsc --noEmit -p .
# One linter and one formatter (eslint.config.mjs, .prettierrc.json): `npm run lint`.
suite lint no npm run -s lint
suite build no npm run -s build
suite unit yes npx mocha --config test/unit/.mocharc.json
for name in native engine vscode demo; do
  [ -x "test/$name/run.sh" ] && suite "$name" yes "test/$name/run.sh"
done
[ ${#broken[@]} -eq 0 ] || echo "failed suites: ${broken[*]}"
echo "tests: ${passed} passed, ${failed} failed"
[ ${#broken[@]} -eq 0 ]
