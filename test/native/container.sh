#!/usr/bin/env bash
# Inside a container nothing happens: there the runtime sets CUDA_VISIBLE_DEVICES to the
# container's GPUs. Runs the PyTorch-like program on the private test engine (scripts/engine.sh)
# with the library bind-mounted and named in LD_PRELOAD, and cuInit forced to fail: no notice.
# A control run with CUDA_VISIBLE_DEVICES="" must show the notice, proving the library was loaded.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/native/build
eval "$("$ROOT/scripts/engine.sh" start)"
IMAGE=ds01-test/native-glibc:latest
ROOTFS=$(mktemp -d /tmp/ds01-native-rootfs.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT

# A glibc image: the program, the stub driver, and the libraries ldd lists.
mkdir -p "$ROOTFS/usr/lib" "$ROOTFS/tmp" "$ROOTFS/opt/ds01-infra/lib"
cp "$BUILD/torch_like" "$ROOTFS/torch_like"
cp "$BUILD/stub/libcuda.so.1" "$ROOTFS/usr/lib/libcuda.so.1"
for lib in $(ldd "$BUILD/torch_like" "$BUILD/libds01_gpu_notice.so" | awk '/=> \//{print $3} /^\t\//{print $1}' | sort -u); do
  cp --parents -L "$lib" "$ROOTFS/"
done
tar -C "$ROOTFS" -cf "$ROOTFS.tar" .
docker import -c 'CMD ["/torch_like"]' "$ROOTFS.tar" "$IMAGE" >/dev/null
rm -f "$ROOTFS.tar"

run_in_container() { # CUDA_VISIBLE_DEVICES value inside
  docker run --rm --network none --gpus '"device=GPU-00000000-0000-0000-0000-000000000001"' \
    -v "$BUILD/libds01_gpu_notice.so:/opt/ds01-infra/lib/libds01_gpu_notice.so:ro" \
    -e LD_PRELOAD=/opt/ds01-infra/lib/libds01_gpu_notice.so -e LD_LIBRARY_PATH=/usr/lib \
    -e XDG_RUNTIME_DIR=/tmp -e STUB_CUINIT_RESULT=100 -e "CUDA_VISIBLE_DEVICES=$1" "$IMAGE" /torch_like 2>&1
}
inside=$(run_in_container GPU-00000000-0000-0000-0000-000000000001) && status=0 || status=$?
control=$(run_in_container "") || true
echo "$inside" | sed 's/^/    container: /'
ok=0
[ "$status" = 1 ] || { echo "    expected exit 1 inside the container, got $status"; ok=1; }
case "$inside" in *RuntimeError*) ;; *) echo "    program did not run in the container"; ok=1 ;; esac
case "$inside" in *"GPU ACCESS BLOCKED"*) echo "    notice printed inside a container"; ok=1 ;; esac
case "$control" in *"GPU ACCESS BLOCKED"*) ;; *) echo "    control run: library not loaded in the container"; ok=1 ;; esac
exit $ok
