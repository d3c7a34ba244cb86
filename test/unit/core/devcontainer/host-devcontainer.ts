// The host's own `devcontainer check` and `devcontainer init` (DS01's ds01-infra, extracted from its git dir at
// test time, never copied into this repo), run on the same files as ours. The check script stops at its first
// warning (`((warnings++))` from 0 under `set -e`), so its four checks are run one by one through its own
// functions, cut out of the script as they stand; the whole script runs too, for what it does end to end.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTRACT_FN, infraGitMissing, writeHostFiles } from '../../helpers/host-infra';

// eslint-disable-next-line no-control-regex -- the host's scripts colour their output
const COLOUR = /\u001b\[[0-9;]*m/g;

const FILES = [
  'scripts/lib/init.sh',
  'scripts/lib/logging.sh',
  'scripts/lib/aime-images.sh',
  'scripts/user/helpers/devcontainer-check',
  'scripts/user/wizards/devcontainer-init',
];
export const CHECK = 'scripts/user/helpers/devcontainer-check';
export const INIT = 'scripts/user/wizards/devcontainer-init';

export function oracleUnavailable(): string | null {
  const missing = infraGitMissing();
  if (missing) return missing;
  if (spawnSync('python3', ['--version']).status !== 0) return 'python3 is missing';
  return null;
}

/** A throwaway DS01_ROOT with the host's scripts at HEAD, and an AIME catalog holding `catalog` lines if given. */
export function hostRoot(catalog?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ds01-dc-oracle-'));
  writeHostFiles(root, FILES);
  if (catalog !== undefined) {
    mkdirSync(join(root, 'aime-ml-containers'));
    writeFileSync(join(root, 'aime-ml-containers', 'ml_images.repo'), catalog);
  }
  return root;
}

export interface HostVerdict {
  /** `python3 -m json.tool` accepts the file (the script refuses it otherwise). */
  validJson: boolean;
  image: string | null;
  /** check_aime_image's answer: aime, ml, other, or unknown (no catalog). */
  imageType: string | null;
  gpu: boolean;
  shutdownAction: string | null;
  homeMount: boolean;
}

const FUNCTIONS = ['check_aime_image', 'json_get', 'has_gpu_request', 'has_home_mount'];

/** The host script's four checks on each file, each through its own function; one bash run for all. */
export function hostVerdicts(root: string, files: string[]): HostVerdict[] {
  const script = join(root, CHECK);
  const bash = `
set -u
${EXTRACT_FN}
${FUNCTIONS.map((f) => `eval "$(extract_fn "$SCRIPT" ${f})"`).join('\n')}
AIME_REPO="$DS01_ROOT/aime-ml-containers/ml_images.repo"
for FILE in "$@"; do
  echo "--"
  if python3 -m json.tool "$FILE" >/dev/null 2>&1; then echo "valid=1"; else echo "valid=0"; continue; fi
  image=$(json_get "$FILE" image) || image=""
  echo "image=$image"
  [ -n "$image" ] && echo "imageType=$(check_aime_image "$image")"
  echo "gpu=$(has_gpu_request "$FILE")"
  echo "shutdown=$(json_get "$FILE" shutdownAction 2>/dev/null || true)"
  echo "home=$(has_home_mount "$FILE")"
done
`;
  const out = execFileSync('bash', ['-c', bash, 'oracle', ...files], { encoding: 'utf8', env: { ...process.env, SCRIPT: script, DS01_ROOT: root } });
  return out
    .split('--\n')
    .slice(1)
    .map((block) => {
      const v = Object.fromEntries(
        block
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      return {
        validJson: v.valid === '1',
        image: v.image || null,
        imageType: v.imageType ?? null,
        gpu: v.gpu === 'true',
        shutdownAction: v.shutdown || null,
        homeMount: v.home === 'true',
      };
    });
}

export function hostVerdict(root: string, file: string): HostVerdict {
  return hostVerdicts(root, [file])[0];
}

/** The whole check script, as a user runs it. */
export function runHostCheck(root: string, file: string): { code: number | null; out: string } {
  const r = spawnSync('bash', [join(root, CHECK), file], { encoding: 'utf8', env: { ...process.env, DS01_ROOT: root } });
  return { code: r.status, out: (r.stdout + r.stderr).replace(COLOUR, '') };
}

/** The host's `devcontainer init --quick` in `folder`; returns what it wrote. */
export function runHostInit(root: string, folder: string, args: string[]): string {
  execFileSync('bash', [join(root, INIT), '--quick', ...args], {
    cwd: folder,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DS01_ROOT: root },
  });
  return readFileSync(join(folder, '.devcontainer', 'devcontainer.json'), 'utf8');
}
