# Threads, fork, closed or reused stderr, another interposer, valgrind.
echo "# robustness"
new_case; blocked "$BUILD/stress" threads
check "32 threads at once: exit 1, one box, one event" test "$RC/$(boxes)/$(wc -l <"$EVENTS")" = "1/1/1"
new_case; blocked "$BUILD/stress" fork
s=$(summary "$EVENTS")
check "fork after the failure: children (exit 3, 5) silent, parent box once" test "$RC/$(boxes)" = "1/1"
check "fork after the failure: one event, the parent's exit 1" has "$s" '"valid":1,"invalid":[],"pids":1,"via":["dlsym"],"cuda_result":[100],"exit_status":[1]'
new_case; blocked "$BUILD/stress" child-fails
check "a child's own failure: its box and event (exit 4), parent exit 0" test "$RC/$(boxes)/$(summary "$EVENTS" | grep -c '"exit_status":\[4\]')" = "0/1/1"
new_case; blocked "$BUILD/stress" close-stderr
check "stderr closed: no crash, exit 1, event still written" test "$RC/$(wc -l <"$EVENTS")" = "1/1"
new_case; blocked "$BUILD/stress" reuse-stderr "$CASE/own-file"
check "fd 2 reused for the program's own file: our text never lands there" test "$RC/$(grep -c GPU "$CASE/own-file")" = "1/0"
new_case
LD_PRELOAD="$NOTICE_LIB $BUILD/libnext_interposer.so" "$BUILD/stress" rtld-next >"$CASE/out" 2>&1
check "another interposer's dlsym(RTLD_NEXT) still finds the next symbol" test "$?/$(cat "$CASE/out")" = "0/rtld-next ok"
check "dlsym reaches libc by a tail call (RTLD_NEXT stays the caller's)" \
  bash -c "objdump -d --no-show-raw-insn '$NOTICE_LIB' | awk '/<dlsym>:/,/^\$/' | grep -q 'jmp  *\*%rax'"
check "only the interposed symbols are exported" test "$(nm -D --defined-only "$NOTICE_LIB" | awk '{print $3}' | sort | tr '\n' ' ')" = \
  "_Exit __libc_start_main _exit cuGetProcAddress cuGetProcAddress_v2 cuInit dlsym dlvsym exit "

new_case
env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= \
  valgrind -q --error-exitcode=99 --leak-check=no "$BUILD/torch_like" >"$CASE/out" 2>"$CASE/err"
check "valgrind: no memory errors, exit 1, box once, event written" test "$?/$(boxes)/$(wc -l <"$EVENTS")" = "1/1/1"
new_case
env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= \
  valgrind -q --error-exitcode=99 --tool=helgrind "$BUILD/stress" threads >"$CASE/out" 2>"$CASE/err"
check "helgrind, 32 threads: no data races reported in the library" test "$?/$(grep -c 'libds01_gpu_notice' "$CASE/err")" = "1/0"
