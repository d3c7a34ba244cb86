# The events file: valid JSON under concurrency, escaping, where it goes, what it refuses.
echo "# events file"
new_case
for i in $(seq 1 50); do blocked "$BUILD/torch_like" & done 2>/dev/null
wait
s=$(summary "$EVENTS")
check "50 concurrent processes: 50 valid complete lines, 50 pids" has "$s" '"valid":50,"invalid":[],"pids":50,'
check "directory 0700, file 0600" test "$(stat -c %a "$CASE/xdg/ds01")/$(stat -c %a "$EVENTS")" = "700/600"

new_case
weird=$'quote" back\\slash\nnew\ttab'
blocked "$BUILD/cuda_dlsym" dlsym return:1 "$weird" $'bad\xffbyte' "ünï😀"
check "argv escaped: valid JSON, round-trips, invalid UTF-8 -> U+FFFD" \
  test "$(summary "$EVENTS" --argv | tail -1)" = "$(node -e 'console.log(JSON.stringify([[process.argv[1], "dlsym", "return:1", process.argv[2], "bad\ufffdbyte", "ünï😀"]]))' "$BUILD/cuda_dlsym" "$weird")"
mkdir -p "$CASE/dir \"q\" "$'\x01'
(cd "$CASE/dir \"q\" "$'\x01' && blocked "$BUILD/cuda_dlsym" dlsym)
check "cwd with quotes and control characters escaped" has "$(summary "$EVENTS" --cwd | tail -1)" 'dir \"q\" \u0001'

new_case; mkdir "$CASE/home"
env -u XDG_RUNTIME_DIR HOME="$CASE/home" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= \
  "$BUILD/torch_like" >/dev/null 2>&1
check "no XDG_RUNTIME_DIR: \$HOME/.cache/ds01/cuda-events.jsonl (created)" has "$(summary "$CASE/home/.cache/ds01/cuda-events.jsonl")" '"valid":1,'

new_case; mkdir -m 0700 "$CASE/elsewhere"; ln -s "$CASE/elsewhere" "$CASE/xdg/ds01"
blocked "$BUILD/torch_like"
check "planted symlink for the directory: not followed, program unchanged" test "$RC/$(boxes)/$(ls -A "$CASE/elsewhere")" = "1/1/"
new_case; mkdir -m 0700 "$CASE/xdg/ds01"; : >"$CASE/target"; ln -s "$CASE/target" "$EVENTS"
blocked "$BUILD/torch_like"
check "planted symlink for the file: not followed" test "$RC/$(stat -c %s "$CASE/target")" = "1/0"
new_case; mkdir -m 0700 "$CASE/xdg/ds01"; chown nobody "$CASE/xdg/ds01"
blocked "$BUILD/torch_like"
check "directory owned by someone else: nothing written" test "$RC/$(ls -A "$CASE/xdg/ds01")" = "1/"
new_case; mkdir -m 0755 "$CASE/xdg/ds01"
blocked "$BUILD/torch_like"
check "our directory with loose mode: tightened to 0700, line written" test "$(stat -c %a "$CASE/xdg/ds01")/$(wc -l <"$EVENTS")" = "700/1"
new_case; mkfifo -m 0600 "$CASE/fifo"; mkdir -m 0700 "$CASE/xdg/ds01"; mkfifo -m 0600 "$EVENTS"
timeout 10 env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= "$BUILD/torch_like" >/dev/null 2>&1
check "a FIFO in place of the file: no hang, exit 1 kept" test "$?" = 1
new_case; BLOCKED_ENV="XDG_RUNTIME_DIR=/nonexistent/run" blocked "$BUILD/torch_like"
check "unwritable place: silent, exit 1, box still shown" test "$RC/$(boxes)/$(grep -vc -e RuntimeError -e Traceback -e train.py -e '^$' -e GPU -e 'Host GPU' -e container -e dashboard -e check-limits "$CASE/err")" = "1/1/0"

# A full disk (here RLIMIT_FSIZE, `ulimit -f`) must never leave half a line that glues the next event to it, and
# the limit must not kill the program (SIGXFSZ) either: whole lines or nothing.
new_case
blocked "$BUILD/torch_like"
one=$(stat -c %s "$EVENTS")
limited_rcs=""
for i in 1 2 3 4; do
  (ulimit -f 1; env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= \
    "$BUILD/torch_like" >/dev/null 2>&1)
  limited_rcs="$limited_rcs$?"
done
blocked "$BUILD/torch_like"
lines=$(wc -l <"$EVENTS")
check "file size limit (ulimit -f 1, lines of $one bytes): exit 1 kept, no SIGXFSZ" test "$limited_rcs" = "1111"
check "file size limit: only whole lines, the next event not glued" has "$(summary "$EVENTS")" "\"valid\":$lines,\"invalid\":[]"
check "file size limit: file ends with a newline" test "$(tail -c 1 "$EVENTS" | od -An -c | tr -d ' ')" = '\n'

# A really full disk: a tmpfs of two pages, one taken by a filler file, so the events file gets one page and the
# write that crosses it is short (ENOSPC). Then space is freed and one more event must start on a line of its own.
new_case
if mount -t tmpfs -o size=8k,mode=0700 tmpfs "$CASE/xdg" 2>/dev/null; then
  mkdir -m 0700 "$CASE/xdg/ds01"
  head -c 100 /dev/zero >"$CASE/xdg/filler"
  for i in $(seq 1 20); do blocked "$BUILD/torch_like"; done
  full_size=$(stat -c %s "$EVENTS")
  rm "$CASE/xdg/filler"
  blocked "$BUILD/torch_like"
  lines=$(wc -l <"$EVENTS")
  check "full tmpfs ($full_size bytes written of 4096): only whole lines, the event after it not glued" \
    has "$(summary "$EVENTS")" "\"valid\":$lines,\"invalid\":[]"
  check "full tmpfs: exit 1 kept" test "$RC" = 1
  umount "$CASE/xdg"
else
  echo "  NOT RUN full tmpfs: mounting a tmpfs needs root"
fi
