// Runs the host's own enforcement code (DS01's ds01-infra, extracted from its git dir at test time, never
// copied into this repo) on a container and a user, and reports what it decided. Only the decision parts
// run: the scripts' functions and the `case` blocks that pick a timeout, with `docker inspect` answered
// from the test's container record. Returns null (with why) when the mirror or PyYAML is missing.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTRACT_FN, infraGitMissing, writeHostFiles } from '../../helpers/host-infra';

const FILES = [
  'scripts/monitoring/check-idle-containers.sh',
  'scripts/maintenance/enforce-max-runtime.sh',
  'scripts/maintenance/cleanup-stale-containers.sh',
  'scripts/docker/get_resource_limits.py',
  'scripts/lib/ds01_core.py',
  'scripts/lib/username_utils.py',
  'scripts/lib/init.sh',
];

/** Why the oracle cannot run here, or null when it can. */
export function oracleUnavailable(): string | null {
  const missing = infraGitMissing();
  if (missing) return missing;
  if (spawnSync('python3', ['-c', 'import yaml']).status !== 0) return 'python3 with PyYAML is missing (apt-get install python3-yaml)';
  return null;
}

export interface HostTree {
  root: string;
}

/** A throwaway INFRA_ROOT: the host's files at HEAD plus the given config dir as config/runtime. */
export function hostTree(configDir: string, extra: Record<string, string> = {}): HostTree {
  const root = mkdtempSync(join(tmpdir(), 'ds01-oracle-'));
  writeHostFiles(root, FILES);
  cpSync(configDir, join(root, 'config', 'runtime'), { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(root, 'config', 'runtime', name), text);
  return { root };
}

/** Bash that prints the body of one function or block of a script, found by its first line. */
const EXTRACT = `
${EXTRACT_FN}
extract_block() { awk -v a="$2" -v b="$3" 'index($0,a) {p=1} p {print} p && index($0,b) {exit}' "$1"; }
`;

/** `docker inspect C --format F` for the few formats the extracted functions use, from $LABELS_JSON and $CNAME. */
const DOCKER_STUB = `
docker() {
  local fmt="$4"
  case "$fmt" in
    '{{json .Config.Labels}}') printf '%s\\n' "$LABELS_JSON" ;;
    '{{.Name}}') printf '/%s\\n' "$CNAME" ;;
    '{{index .Config.Labels "'*) local key="\${fmt#*\\"}"; key="\${key%%\\"*}"; local var="L_$(printf '%s' "$key" | od -An -tx1 | tr -d ' \\n')"
      if [ -n "\${!var+x}" ]; then printf '%s\\n' "\${!var}"; else echo '<no value>'; fi ;;
    *) echo "docker stub: unexpected format $fmt" >&2; return 1 ;;
  esac
}
`;

export interface HostDecision {
  type: string;
  /** Seconds as the script computes them; 0 = none. */
  idleSeconds: number;
  idleExemption: string;
  runtimeSeconds: number;
  runtimeExemption: string;
  /** cleanup-stale-containers.sh's hold in seconds, -1 = never removed. */
  holdSeconds: number;
  /** check-idle-containers.sh: idle checks in a row, startup grace (s), SIGTERM grace of the stop (s). */
  detection: { window: number; graceSeconds: number; sigtermGraceSeconds: number };
}

/** Each label as L_<hex of its key>, so the stub answers `index` lookups without a JSON parser. */
function labelVars(labels: Record<string, string> | null): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [`L_${Buffer.from(k).toString('hex')}`, v]));
}

export interface OracleContainer {
  name: string;
  labels: Record<string, string> | null;
}

export async function hostDecision(tree: HostTree, user: string, c: OracleContainer): Promise<HostDecision> {
  const r = tree.root;
  const idle = `${r}/scripts/monitoring/check-idle-containers.sh`;
  const runtime = `${r}/scripts/maintenance/enforce-max-runtime.sh`;
  const cleanup = `${r}/scripts/maintenance/cleanup-stale-containers.sh`;
  const script = `
set -e
INFRA_ROOT=${r}; CONFIG_FILE=${r}/config/runtime/resource-limits.yaml; DS01_LIB=${r}/scripts/lib
${EXTRACT}${DOCKER_STUB}
eval "$(extract_fn ${r}/scripts/lib/init.sh ds01_duration_to_seconds)"
container=c1; username="$ORACLE_USER"
(
  for f in get_container_type get_container_type_idle_timeout get_idle_timeout check_exemption timeout_to_seconds; do eval "$(extract_fn ${idle} $f)"; done
  container_type=$(get_container_type "$container")
  exemption_status=$(check_exemption "$username" "idle_timeout_h")
  eval "decide() { $(extract_block ${idle} 'local timeout_str' 'timeout_seconds=$(timeout_to_seconds')"'
    echo "idle=$timeout_seconds"; }' 
  echo "type=$container_type"; decide; echo "idle_exemption=$exemption_status"
)
(
  # The idle check's per-user policies, its startup grace and the stop's SIGTERM grace (get_lifecycle_policies in
  # get_resource_limits.py, get_grace_period and get_sigterm_grace here), as process_container_universal reads them.
  for f in get_container_type get_lifecycle_policies get_grace_period get_sigterm_grace timeout_to_seconds; do eval "$(extract_fn ${idle} $f)"; done
  container_type=$(get_container_type "$container")
  policies_json=$(get_lifecycle_policies "$username")
  echo "window=$(echo "$policies_json" | python3 -c "import sys,json; d=json.load(sys.stdin); print(d.get('idle_detection_window', 3))")"
  echo "grace=$(timeout_to_seconds "$(get_grace_period)" "m")"
  echo "sigterm=$(get_sigterm_grace "$container_type")"
)
(
  for f in get_container_type get_container_type_max_runtime get_max_runtime check_exemption runtime_to_seconds; do eval "$(extract_fn ${runtime} $f)"; done
  container_type=$(get_container_type "$container")
  exemption_status=$(check_exemption "$username" "max_runtime_h")
  eval "decide() { $(extract_block ${runtime} 'local runtime_str' 'local runtime_seconds=$(runtime_to_seconds')"'
    echo "runtime=$runtime_seconds"; }' 
  decide; echo "runtime_exemption=$exemption_status"
)
(
  for f in get_container_type get_container_hold_timeout get_container_type_hold_timeout duration_to_seconds; do eval "$(extract_fn ${cleanup} $f)"; done
  container_tag=$container; container_type=$(get_container_type "$container")
  eval "$(extract_block ${cleanup} 'if [ "$username" != "unknown" ]; then' 'hold_seconds=$(duration_to_seconds')"
  echo "hold=$hold_seconds"
)
`;
  const { stdout: out } = await promisify(execFile)('bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ORACLE_USER: user,
      LABELS_JSON: c.labels === null ? 'null' : JSON.stringify(c.labels),
      CNAME: c.name,
      ...labelVars(c.labels),
    },
  });
  const v = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    type: v.type,
    idleSeconds: Number(v.idle),
    idleExemption: v.idle_exemption,
    runtimeSeconds: Number(v.runtime),
    runtimeExemption: v.runtime_exemption,
    holdSeconds: Number(v.hold),
    detection: { window: Number(v.window), graceSeconds: Number(v.grace), sigtermGraceSeconds: Number(v.sigterm) },
  };
}
