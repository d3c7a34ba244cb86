#!/usr/bin/env bash
# Installs what the host-oracle tests need (test/unit/oracle/host-suite.test.ts runs DS01's own pytest suite,
# test/unit/core/lifecycle/oracle.test.ts its scripts): python3 with PyYAML and pytest. Idempotent.
set -euo pipefail
if python3 -c 'import yaml, pytest' >/dev/null 2>&1; then
  echo "setup-oracle: python3 with PyYAML and pytest already present"
  exit 0
fi
echo "setup-oracle: installing python3-yaml python3-pytest"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-yaml python3-pytest
