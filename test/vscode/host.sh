#!/usr/bin/env bash
# A small DS01 host for the in-VS Code suite, in folder $1: a limits config (5 containers, 4 GPU-equivalents,
# 2 GPUs per container, so 4 of 5 containers is 80%), the recorded 4x A100 nvidia-smi, a state dir, and a
# private dockerd of its own (scripts/engine.sh with DS01_ENGINE_DIR) that the suite may fill and empty.
# Prints the launcher's --env arguments, one per line. `host.sh stop DIR` stops that dockerd.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${1:-}" = stop ]; then
  DS01_ENGINE_DIR="$2/engine" bash "$repo/scripts/engine.sh" stop >/dev/null 2>&1 || true
  exit 0
fi
dir=$1
mkdir -p "$dir/root/config/runtime/groups" "$dir/state" "$dir/smi" "$dir/cron" "$dir/log"
# The host's enforcement schedule as its installed cron file has it (config/deploy/cron.d/ds01-maintenance).
cat > "$dir/cron/ds01-maintenance" <<'CRON'
5 * * * * root /opt/ds01-infra/scripts/maintenance/cleanup-stale-gpu-allocations.sh >> /var/log/ds01/gpu-cleanup.log 2>&1
20 * * * * root /opt/ds01-infra/scripts/monitoring/check-idle-containers.sh >> /var/log/ds01/idle-cleanup.log 2>&1
35 * * * * root /opt/ds01-infra/scripts/maintenance/enforce-max-runtime.sh >> /var/log/ds01/runtime-enforcement.log 2>&1
50 * * * * root /opt/ds01-infra/scripts/maintenance/cleanup-stale-containers.sh >> /var/log/ds01/container-cleanup.log 2>&1
CRON
cat > "$dir/root/config/runtime/resource-limits.yaml" <<'YAML'
defaults:
  max_gpu_equivalents: 4.0
  max_gpu_slots_per_container: 2
  allow_full_gpu: true
  max_cpus: 1
  memory: 256m
  memory_swap: 512m
  shm_size: 64m
  pids_limit: 128
  max_containers_per_user: 5
  max_runtime_h: 24
  idle_timeout_h: 0.5
  gpu_hold_after_stop_h: 0.25
  container_hold_after_stop_h: 0.5
default_group: student
groups:
  student: {}
YAML
fixtures=$repo/test/fixtures/nvidia-smi
cp "$fixtures/a100x4-mig-off.xml" "$fixtures/a100x4-mig-off.L.txt" "$fixtures/a100x4-mig-off.gpus.csv" "$fixtures/a100x4-mig-off.apps.csv" "$dir/smi/"
cat > "$dir/smi/nvidia-smi" <<'SH'
#!/bin/sh
# Recorded 4x A100 (MIG off); each run is logged so the suite can count real processes.
d=$(dirname "$0")
echo "$(date +%s.%N) $*" >> "$d/runs.log"
case "$*" in
  "-q -x") exec cat "$d/a100x4-mig-off.xml" ;;
  "-L") exec cat "$d/a100x4-mig-off.L.txt" ;;
  "--query-gpu=index,uuid,pci.bus_id,driver_version,mig.mode.current,memory.total,memory.used,utilization.gpu,name --format=csv,noheader,nounits") exec cat "$d/a100x4-mig-off.gpus.csv" ;;
  "--query-compute-apps=gpu_uuid,pid,used_gpu_memory,process_name --format=csv,noheader,nounits") exec cat "$d/a100x4-mig-off.apps.csv" ;;
  *) exit 2 ;;
esac
SH
chmod 755 "$dir/smi/nvidia-smi"
docker_host=$(DS01_ENGINE_DIR="$dir/engine" bash "$repo/scripts/engine.sh" start | sed -n 's/^export DOCKER_HOST=//p')
[ -n "$docker_host" ] || { echo "test/vscode/host.sh: the private engine did not start" >&2; exit 1; }
printf '%s\n' --env "DS01_ROOT=$dir/root" --env "DS01_STATE_DIR=$dir/state" --env "DS01_NVIDIA_SMI=$dir/smi/nvidia-smi" \
  --env "DOCKER_HOST=$docker_host" --env "DS01_TEST_HOST_DIR=$dir" --env "DS01_CRON_DIR=$dir/cron" --env "DS01_LOG_DIR=$dir/log"
