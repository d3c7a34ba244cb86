# Helpers shared by the native test files (sourced by run.sh).
NATIVE=$ROOT/native
BUILD=$NATIVE/build
NOTICE_LIB=$BUILD/libds01_gpu_notice.so
STUB_DIR=$BUILD/stub
PASSED=0
FAILED=0
WORK=$(mktemp -d /tmp/ds01-native-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

pass() { PASSED=$((PASSED + 1)); echo "  ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $1${2:+: $2}"; }
# check NAME COMMAND...: passes when the command succeeds.
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name" "$*"; fi; }

# A fresh case directory: $CASE/xdg is the runtime dir, events land in $EVENTS.
new_case() {
  CASE=$(mktemp -d "$WORK/case.XXXXXX")
  mkdir -m 0700 "$CASE/xdg"
  EVENTS=$CASE/xdg/ds01/cuda-events.jsonl
}

# blocked PROGRAM ARGS...: runs as a blocked user would (preload, CUDA_VISIBLE_DEVICES="");
# stdout in $CASE/out, stderr in $CASE/err, exit status in $RC. Extra env via BLOCKED_ENV.
blocked() {
  env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= \
    ${BLOCKED_ENV:-} "$@" >"$CASE/out" 2>"$CASE/err"
  RC=$?
}

boxes() { grep -c 'GPU ACCESS BLOCKED' "${1:-$CASE/err}"; }
no_file() { [ ! -e "$1" ]; }
# summary FILE [flag]: the validator's one-line summary of an events file.
summary() { (cd "$ROOT" && node --import tsx test/native/validate-events.ts "$@" 2>&1); }
has() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
