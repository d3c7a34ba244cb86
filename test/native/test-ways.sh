# The three ways to cuInit, result pass-through, the exit-status rule and a missing driver.
echo "# ways to the driver"
for pair in dlsym:dlsym dlsym-old:dlsym dlvsym:dlsym gpa:getprocaddress gpa_v2:getprocaddress cudart:getprocaddress; do
  mode=${pair%%:*} via=${pair#*:}
  new_case; blocked "$BUILD/cuda_dlsym" "$mode"
  s=$(summary "$EVENTS")
  check "$mode: real result 100 returned, exit 1 kept" test "$(cat "$CASE/out")/$RC" = "cuInit=100/1"
  check "$mode: one box on stderr, none on stdout" test "$(boxes)/$(boxes "$CASE/out")" = "1/0"
  check "$mode: one valid event via $via" has "$s" "\"valid\":1,\"invalid\":[],\"pids\":1,\"via\":[\"$via\"],\"cuda_result\":[100],\"exit_status\":[1],\"self\":true"
done
new_case; blocked "$BUILD/cuda_direct"
check "direct: result, one box, event via direct" test "$(cat "$CASE/out")/$RC/$(boxes)" = "cuInit=100/1/1"
check "direct: event via direct" has "$(summary "$EVENTS")" '"via":["direct"]'

new_case; blocked "$BUILD/torch_like"
check "pytorch-like: exit 1, box once" test "$RC/$(boxes)" = "1/1"
check "pytorch-like: box after the program's own error" \
  test "$(grep -n 'GPU ACCESS' "$CASE/err" | cut -d: -f1)" -gt "$(grep -n 'RuntimeError' "$CASE/err" | cut -d: -f1)"
check "pytorch-like: event via getprocaddress, exit 1" has "$(summary "$EVENTS")" '"via":["getprocaddress"],"cuda_result":[100],"exit_status":[1]'

new_case; blocked "$BUILD/torch_like" probe
check "probe then clean exit: no box, stdout intact" test "$RC/$(boxes)/$(tail -1 "$CASE/out")" = "0/0/training on cpu"
check "probe then clean exit: event records exit 0" has "$(summary "$EVENTS")" '"valid":1,"invalid":[],"pids":1,"via":["getprocaddress"],"cuda_result":[100],"exit_status":[0]'

echo "# exit paths"
for ending in exit:1 _exit:1 _Exit:1 return:7; do
  new_case; blocked "$BUILD/cuda_dlsym" dlsym "$ending"
  check "$ending: box once, status kept" test "$RC/$(boxes)" = "${ending#*:}/1"
  check "$ending: event exit_status ${ending#*:}" has "$(summary "$EVENTS")" "\"exit_status\":[${ending#*:}]"
done
for ending in exit:0 _exit:0 _Exit:0 return:0 exit:256; do
  new_case; blocked "$BUILD/cuda_dlsym" dlsym "$ending"
  check "$ending: no box" test "$RC/$(boxes)" = "0/0"
done

echo "# pass-through"
new_case; BLOCKED_ENV="STUB_CUINIT_RESULT=999" blocked "$BUILD/cuda_dlsym" gpa_v2
check "other result code 999 returned and recorded" has "$(cat "$CASE/out")$(summary "$EVENTS")" 'cuInit=999{"valid":1,"invalid":[],"pids":1,"via":["getprocaddress"],"cuda_result":[999]'
new_case; blocked "$BUILD/cuda_dlsym" passthrough
check "other symbols pass through untouched (dlsym and cuGetProcAddress)" test "$(cat "$CASE/out")/$RC" = "passthrough ok/0"
new_case
env XDG_RUNTIME_DIR="$CASE/xdg" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= "$BUILD/cuda_dlsym" absent return:0 >"$CASE/out" 2>&1
check "no driver loaded: dlsym(RTLD_DEFAULT, cuInit) stays NULL" test "$(cat "$CASE/out")" = "RTLD_DEFAULT cuInit=null"
for mode in dlsym cudart; do
  new_case; env XDG_RUNTIME_DIR="$CASE/xdg" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= "$BUILD/cuda_dlsym" $mode >"$CASE/out" 2>"$CASE/err"
  check "missing libcuda ($mode): program's own error, exit 2, no box, no event" \
    test "$?/$(boxes)/$(grep -c 'no CUDA driver' "$CASE/err")/$([ -e "$EVENTS" ] && echo ev)" = "2/0/1/"
done

echo "# not blocked: nothing happens"
for devices in 0 GPU-5e1d2c3a unset; do
  new_case
  if [ "$devices" = unset ]; then dev_env=(-u CUDA_VISIBLE_DEVICES); else dev_env=(CUDA_VISIBLE_DEVICES="$devices"); fi
  env "${dev_env[@]}" XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" STUB_CUINIT_RESULT=100 \
    "$BUILD/torch_like" >"$CASE/out" 2>"$CASE/err"
  check "CUDA_VISIBLE_DEVICES=$devices, cuInit failing: no box, no event, exit 1 kept" test "$?/$(boxes)/$([ -e "$CASE/xdg/ds01" ] && echo dir)" = "1/0/"
done
new_case
env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES=0 "$BUILD/cuda_dlsym" cudart return:0 >"$CASE/out" 2>"$CASE/err"
check "CUDA_VISIBLE_DEVICES=0: cuInit succeeds through the wrappers" test "$(cat "$CASE/out")/$?/$(boxes)" = "cuInit=0/0/0"
