# A driver whose cuGetProcAddress hands back addresses resolved through the global scope (no
# -Bsymbolic: there the preloaded library's cuInit comes first), opened RTLD_LOCAL (so RTLD_NEXT from
# the library cannot see it). Whatever way the program takes, it must get the driver's own result.
echo "# driver resolving through the global scope, opened RTLD_LOCAL"
GLOBAL_STUB_DIR=$BUILD/stub-global
for pair in gpa_v2:getprocaddress gpa:getprocaddress cudart:getprocaddress dlsym:dlsym; do
  mode=${pair%%:*} via=${pair#*:}
  new_case; STUB_DIR=$GLOBAL_STUB_DIR blocked "$BUILD/cuda_dlsym" "$mode"
  check "global-scope $mode: the driver's 100, exit 1, one box" test "$(cat "$CASE/out")/$RC/$(boxes)" = "cuInit=100/1/1"
  check "global-scope $mode: event via $via with result 100" has "$(summary "$EVENTS")" "\"via\":[\"$via\"],\"cuda_result\":[100]"
done
new_case; STUB_DIR=$GLOBAL_STUB_DIR BLOCKED_ENV="STUB_CUINIT_RESULT=999" blocked "$BUILD/cuda_dlsym" gpa_v2
check "global-scope: another result (999) passes through" test "$(cat "$CASE/out")" = "cuInit=999"
new_case
env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$GLOBAL_STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES=0 \
  "$BUILD/cuda_dlsym" cudart return:0 >"$CASE/out" 2>"$CASE/err"
check "global-scope, not blocked: cuInit succeeds through the wrappers" test "$(cat "$CASE/out")/$?/$(boxes)" = "cuInit=0/0/0"
new_case; STUB_DIR=$GLOBAL_STUB_DIR blocked "$BUILD/cuda_direct"
check "global-scope direct (driver in the global scope): 100, one box" test "$(cat "$CASE/out")/$RC/$(boxes)" = "cuInit=100/1/1"
