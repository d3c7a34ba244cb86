#!/usr/bin/env bash
# Start-up cost of the notice library: N runs of /bin/true and of a CUDA-probe program (the stub
# driver, probe then clean exit), each without and with LD_PRELOAD. Prints a table.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/native/build
make -s -C "$ROOT/native" all >/dev/null
N=${N:-1000}
LIB=$BUILD/libds01_gpu_notice.so
XDG=$(mktemp -d)
trap 'rm -rf "$XDG"' EXIT

# seconds for N runs of the command, best of 3
time_runs() {
  local best=
  for _ in 1 2 3; do
    local start end
    start=$(date +%s%N)
    for ((i = 0; i < N; i++)); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    local t=$(((end - start) / 1000))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}
row() { # name, then the command
  local name=$1; shift
  local without with
  without=$(time_runs env XDG_RUNTIME_DIR="$XDG" LD_LIBRARY_PATH="$BUILD/stub" CUDA_VISIBLE_DEVICES= "$@")
  with=$(time_runs env XDG_RUNTIME_DIR="$XDG" LD_LIBRARY_PATH="$BUILD/stub" CUDA_VISIBLE_DEVICES= LD_PRELOAD="$LIB" "$@")
  awk -v n="$name" -v N="$N" -v a="$without" -v b="$with" 'BEGIN {
    printf "| %-32s | %5d | %12.1f | %12.1f | %+10.1f |\n", n, N, a / N, b / N, (b - a) / N }'
}
echo "| program                          |  runs | without (us) |    with (us) | extra (us) |"
echo "|----------------------------------|-------|--------------|--------------|------------|"
row "/bin/true" /bin/true
row "CUDA probe (torch_like probe)" "$BUILD/torch_like" probe
echo "(per run, best of 3; each run includes fork+exec of env and the program)"
