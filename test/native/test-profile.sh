# The login script: who gets CUDA_VISIBLE_DEVICES="" and the preload, in interactive shells only.
echo "# profile.d"
PROFILE=$NATIVE/profile.d/ds01-gpu-awareness.sh
new_case
mkdir -p "$CASE/infra/lib" "$CASE/infra/config/runtime" "$CASE/state/bare-metal-grants" "$CASE/home"
cp "$NOTICE_LIB" "$CASE/infra/lib/"
cp "$ROOT/../../shared/ds01-reference/resource-limits.2026-07.yaml" "$CASE/infra/config/runtime/resource-limits.yaml" 2>/dev/null ||
  printf 'bare_metal_access:\n  exempt_users:\n    - datasciencelab\n' >"$CASE/infra/config/runtime/resource-limits.yaml"
LIBPATH=$CASE/infra/lib/libds01_gpu_notice.so
# login_env SHELL-FLAGS [VAR=VALUE...]: what the script leaves behind, as "[CUDA_VISIBLE_DEVICES] [LD_PRELOAD]".
login_env() {
  local flags=$1; shift
  env -i PATH="$PATH" HOME="$CASE/home" DS01_INFRA_DIR="$CASE/infra" DS01_STATE_DIR="$CASE/state" "$@" \
    bash --norc --noprofile $flags -c ". '$PROFILE'; . '$PROFILE'; echo \"[\${CUDA_VISIBLE_DEVICES-unset}] [\${LD_PRELOAD-}]\"" 2>/dev/null </dev/null
}
check "blocked user: CUDA_VISIBLE_DEVICES=\"\" and the library preloaded (once)" test "$(login_env -i)" = "[] [$LIBPATH]"
check "existing LD_PRELOAD is kept after ours" test "$(login_env -i LD_PRELOAD=/usr/lib/other.so)" = "[] [$LIBPATH:/usr/lib/other.so]"
check "non-interactive shell: nothing exported" test "$(login_env '')" = "[unset] []"
check "POSIX sh (dash) interactive: same exports" \
  test "$(env -i PATH="$PATH" DS01_INFRA_DIR="$CASE/infra" DS01_STATE_DIR="$CASE/state" sh -i -c ". '$PROFILE'; echo \"[\${CUDA_VISIBLE_DEVICES-unset}] [\${LD_PRELOAD-}]\"" 2>/dev/null </dev/null)" = "[] [$LIBPATH]"
echo '{"user":"'"$(id -un)"'","type":"temporary"}' >"$CASE/state/bare-metal-grants/$(id -un).json"
check "user with a grant file: nothing exported" test "$(login_env -i)" = "[unset] []"
rm "$CASE/state/bare-metal-grants/$(id -un).json"
sed -i "s/^    - datasciencelab.*/    - datasciencelab\n    - $(id -un)   # test/" "$CASE/infra/config/runtime/resource-limits.yaml"
check "user in bare_metal_access.exempt_users: nothing exported" test "$(login_env -i)" = "[unset] []"
printf 'bare_metal_access:\n  exempt_users: [alice, "%s"]\n' "$(id -un)" >"$CASE/infra/config/runtime/resource-limits.yaml"
check "inline exempt_users list is read too" test "$(login_env -i)" = "[unset] []"
printf 'bare_metal_access:\n  exempt_users:\n    - alice\ndefaults:\n  - %s\n' "$(id -un)" >"$CASE/infra/config/runtime/resource-limits.yaml"
check "a name outside exempt_users does not exempt" test "$(login_env -i)" = "[] [$LIBPATH]"
rm "$LIBPATH"
check "library missing/unreadable: block exported, LD_PRELOAD left alone" test "$(login_env -i LD_PRELOAD=/x.so)" = "[] [/x.so]"
