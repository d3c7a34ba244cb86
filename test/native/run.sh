#!/usr/bin/env bash
# Native suite: builds native/ (library, stub driver, test programs) and runs every check as real
# processes with LD_PRELOAD. Ends with "N passed, M failed"; non-zero exit when anything failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if ! make -s -C "$ROOT/native" all >/dev/null; then
  echo "native build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
source "$HERE/lib.sh"
for part in ways global-scope real-cudart box events robustness install profile; do
  source "$HERE/test-$part.sh"
done
echo "# container"
if [ -x "$ROOT/scripts/engine.sh" ]; then
  if "$HERE/container.sh"; then pass "container run with the library bind-mounted"; else fail "container run with the library bind-mounted"; fi
else
  fail "container test could not run" "scripts/engine.sh is missing or not executable"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
