#!/usr/bin/env bash
# The main job as a user runs it: `npm start` as the README says, driven in headless chromium, deploy through
# the palette, then Ctrl-C; ends with "demo: N passed, M failed" (test/demo/npm-start.ts). Needs what
# scripts/setup-vscode.sh and scripts/setup-engine.sh install (npm test runs them first).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node --import tsx test/demo/npm-start.ts "$@"
