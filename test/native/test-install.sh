# make install under a restrictive umask (the 2026-02 outage: a 0700 library cannot be preloaded).
echo "# install"
new_case; chmod 0755 "$WORK" "$CASE"
(umask 077 && make -s -C "$NATIVE" install PREFIX="$CASE/prefix" >/dev/null 2>&1)
check "umask 077: library installed 0755" test "$(stat -c %a "$CASE/prefix/lib/libds01_gpu_notice.so")" = 755
check "umask 077: lib dir 0755, profile.d script 0644" \
  test "$(stat -c %a "$CASE/prefix/lib")/$(stat -c %a "$CASE/prefix/etc/profile.d/ds01-gpu-awareness.sh")" = "755/644"
check "installed profile.d script points at the prefix" grep -q "DS01_INFRA_DIR:-$CASE/prefix}" "$CASE/prefix/etc/profile.d/ds01-gpu-awareness.sh"
check "another user (nobody) preloads it without a loader error" \
  test "$(cd / && su -s /bin/sh nobody -c "LD_PRELOAD=$CASE/prefix/lib/libds01_gpu_notice.so /bin/echo preloaded" 2>&1)" = preloaded
