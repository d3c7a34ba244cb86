# /etc/profile.d/ds01-gpu-awareness.sh: block host GPU compute for users without bare-metal access.
# Interactive shells only. For a blocked user: CUDA_VISIBLE_DEVICES="" (cuInit then fails with
# CUDA_ERROR_NO_DEVICE; nvidia-smi/NVML keep working) and the notice library prepended to
# LD_PRELOAD, so a blocked CUDA start explains itself. Exempt: a grant file
# <state>/bare-metal-grants/<user>.json, or bare_metal_access.exempt_users in the limits file.
# POSIX sh: sourced by sh, bash and zsh login shells.
case $- in *i*) ;; *) return 0 2>/dev/null || exit 0 ;; esac

ds01_exempt_in_limits() { # $1 limits file, $2 user
  awk -v user="$2" '
    /^[^ \t#]/ { section = ($1 == "bare_metal_access:") ; inlist = 0 }
    section && /^[ \t]+exempt_users:/ {
      inlist = 1; line = $0; sub(/#.*/, "", line); sub(/^[^:]*:/, "", line)
      if (line ~ /\[/) { gsub(/[][ \t"\047]/, "", line); n = split(line, names, ","); for (i = 1; i <= n; i++) if (names[i] == user) found = 1; inlist = 0 }
      next
    }
    section && inlist && /^[ \t]+-/ { line = $0; sub(/#.*/, "", line); sub(/^[ \t]+-[ \t]*/, "", line); gsub(/[ \t"\047]/, "", line); if (line == user) found = 1; next }
    section && inlist && /^[ \t]+[A-Za-z_]+:/ { inlist = 0 }
    END { exit found ? 0 : 1 }' "$1" 2>/dev/null
}

ds01_gpu_awareness() {
  ds01_infra=${DS01_INFRA_DIR:-/opt/ds01-infra}
  ds01_user=$(id -un 2>/dev/null) || return 0
  [ -e "${DS01_STATE_DIR:-/var/lib/ds01}/bare-metal-grants/$ds01_user.json" ] && return 0
  for ds01_limits in "$ds01_infra/config/runtime/resource-limits.yaml" "$ds01_infra/config/resource-limits.yaml"; do
    if [ -r "$ds01_limits" ]; then
      ds01_exempt_in_limits "$ds01_limits" "$ds01_user" && return 0
      break
    fi
  done
  CUDA_VISIBLE_DEVICES=""
  export CUDA_VISIBLE_DEVICES
  ds01_lib="$ds01_infra/lib/libds01_gpu_notice.so"
  # An unreadable library would make ld.so complain in every command: leave LD_PRELOAD alone then.
  [ -r "$ds01_lib" ] || return 0
  case " ${LD_PRELOAD:-} " in *"$ds01_lib"*) return 0 ;; esac
  LD_PRELOAD="$ds01_lib${LD_PRELOAD:+:$LD_PRELOAD}"
  export LD_PRELOAD
}

ds01_gpu_awareness
unset -f ds01_gpu_awareness ds01_exempt_in_limits
unset ds01_infra ds01_user ds01_limits ds01_lib
