# How the notice looks: plain text off a terminal, a yellow box on one, no colour with NO_COLOR,
# the host's own text from DS01_NOTICE_TEXT_FILE.
echo "# notice text"
ESC=$'\033'
new_case; blocked "$BUILD/torch_like"
check "not a terminal: plain text, no colour, no frame" test "$(grep -c "$ESC" "$CASE/err")/$(grep -c '┌' "$CASE/err")" = "0/0"
check "text names the deploy command, GPUs and limits" \
  grep -q "container deploy <project-name>" "$CASE/err"
check "text names dashboard gpu and check-limits" test "$(grep -c -e 'dashboard gpu' -e 'check-limits' "$CASE/err")" = 2

# script(1) gives the program a pseudo-terminal as stdout and stderr.
on_tty() {
  env XDG_RUNTIME_DIR="$CASE/xdg" LD_LIBRARY_PATH="$STUB_DIR" LD_PRELOAD="$NOTICE_LIB" CUDA_VISIBLE_DEVICES= "$@" \
    script -qfec "$BUILD/torch_like" /dev/null >"$CASE/tty" 2>&1 </dev/null
}
new_case; on_tty
check "terminal: yellow framed box, once" test "$(grep -c "${ESC}\[1;33m┌" "$CASE/tty")/$(boxes "$CASE/tty")" = "1/1"
new_case; on_tty NO_COLOR=1
check "terminal with NO_COLOR: framed box without colour" test "$(grep -c "$ESC" "$CASE/tty")/$(grep -c '┌' "$CASE/tty")/$(boxes "$CASE/tty")" = "0/1/1"

new_case
printf 'GPU ACCESS BLOCKED on ds01-test\nAsk helpdesk@example.org for a container.\n\033[31m\n' >"$CASE/text"
BLOCKED_ENV="DS01_NOTICE_TEXT_FILE=$CASE/text" blocked "$BUILD/torch_like"
check "DS01_NOTICE_TEXT_FILE replaces the text" test "$(grep -c 'helpdesk@example.org' "$CASE/err")/$(grep -c 'check-limits' "$CASE/err")" = "1/0"
check "control characters from the text file are dropped" test "$(grep -c "$ESC" "$CASE/err")" = 0
new_case; BLOCKED_ENV="DS01_NOTICE_TEXT_FILE=$CASE/missing" blocked "$BUILD/torch_like"
check "unreadable text file: built-in text" grep -q 'check-limits' "$CASE/err"
