#!/usr/bin/env bash
# Installs what the engine test suite needs on a fresh Debian machine: a Docker engine (dockerd),
# a static busybox for the test image (the image has no libc), and curl (pings the socket). Idempotent.
set -euo pipefail
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup-engine: docker.io, busybox-static and curl already present"
  exit 0
fi
echo "setup-engine: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
