# The real CUDA runtime (static libcudart from the CUDA toolkit) against the stub driver: the way
# PyTorch reaches cuInit, without hand-written imitations. Runs where a CUDA toolkit is installed;
# elsewhere it says so and counts nothing (neither passed nor failed).
echo "# real CUDA runtime (libcudart_static)"
if [ ! -x "$BUILD/real_cudart" ]; then
  echo "  NOT RUN: no \$CUDA_HOME/lib64/libcudart_static.a (default /usr/local/cuda); install a CUDA toolkit to run these"
else
  # A CUDA 13 runtime refuses a driver older than itself before it ever calls cuInit.
  new_case; BLOCKED_ENV="STUB_DRIVER_VERSION=13000" blocked "$BUILD/real_cudart"
  check "real cudart: cuInit's 100 reaches the program (cudaErrorNoDevice), exit 1 kept" test "$(head -1 "$CASE/out")/$RC" = "cudaGetDeviceCount=100/1"
  check "real cudart: one box on stderr, after the program's error" \
    test "$(boxes)/$(boxes "$CASE/out")/$(grep -n 'GPU ACCESS' "$CASE/err" | cut -d: -f1)" = "1/0/2"
  check "real cudart: one event via getprocaddress" has "$(summary "$EVENTS")" '"valid":1,"invalid":[],"pids":1,"via":["getprocaddress"],"cuda_result":[100],"exit_status":[1]'
  new_case; BLOCKED_ENV="STUB_DRIVER_VERSION=13000" blocked "$BUILD/real_cudart" probe
  check "real cudart probe that carries on: no box, exit 0" test "$RC/$(boxes)/$(tail -1 "$CASE/out")" = "0/0/training on cpu"
  new_case
  env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES=0 \
    STUB_DRIVER_VERSION=13000 "$BUILD/real_cudart" >"$CASE/out" 2>"$CASE/err"
  # cuInit succeeds there; the stub has no devices to enumerate, so the runtime fails later, on its own terms.
  check "real cudart in a container (CUDA_VISIBLE_DEVICES=0): cuInit passes, no box, no event" \
    test "$(grep -c 'cudaGetDeviceCount=100' "$CASE/out")/$(boxes)/$(no_file "$EVENTS" && echo none)" = "0/0/none"
fi
