#!/usr/bin/env bash
# Engine suite: starts (or reuses) the private dockerd, then runs mocha over test/engine/**/*.test.ts
# and exits with mocha's status.
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(scripts/engine.sh start)"
exec npx mocha --config test/engine/.mocharc.json "$@"
