// Runs DS01's own test suite (ds01-infra `tests/`, read from its git dir at test time, never copied into this
// repository) against DS01's own code, with host_suite_recorder.py recording each call of a host function ds01
// re-implements: the vectors host-suite.test.ts replays through our code. The host's files are extracted to a
// throwaway root and its absolute /opt/ds01-infra paths pointed there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, lstatSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DS01_INFRA_GIT, infraGitMissing } from '../helpers/host-infra';

/** The host's test files whose subjects ds01 re-implements (limits, groups, lifecycle policies, exemptions, owners, names). */
export const HOST_TEST_FILES = [
  'tests/unit/test_resource_limits.py',
  'tests/unit/test_lifecycle_policies.py',
  'tests/unit/test_gpu_equivalents.py',
  'tests/unit/test_container_owner_tracker.py',
  'tests/unit/test_sync_container_owners.py',
  'tests/unit/lib/test_username_utils.py',
  'tests/unit/lib/test_ds01_core.py',
  'tests/unit/test_gpu_allocator.py',
  'tests/integration/test_container_ownership.py',
  'tests/integration/test_lifecycle_behavior.py',
  'tests/integration/test_lifecycle_integration.py',
  'tests/integration/test_lifecycle_scripts.py',
  'tests/integration/test_gpu_allocation_flow.py',
];

export interface Vector {
  test: string | null;
  kind: 'limits' | 'group' | 'policies' | 'exemption' | 'owner' | 'sanitize';
  inputs: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  output: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface HostSuiteRun {
  /** pytest outcome per test id: passed, failed, skipped, xfail. */
  outcomes: Record<string, string>;
  vectors: Vector[];
  /** The host's HEAD commit the run used. */
  commit: string;
}

/** Why the host suite cannot run here, or null when it can. */
export function hostSuiteMissing(): string | null {
  const missing = infraGitMissing();
  if (missing) return missing;
  const py = spawnSync('python3', ['-c', 'import yaml, pytest'], { encoding: 'utf8' });
  if (py.status !== 0) return 'python3 with PyYAML and pytest is missing (apt-get install python3-yaml python3-pytest)';
  return null;
}

function rewritePaths(dir: string, root: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) rewritePaths(p, root);
    else if (/\.(py|sh|ini|yaml)$/.test(name) || !name.includes('.')) {
      const text = readFileSync(p, 'utf8');
      if (text.includes('/opt/ds01-infra')) writeFileSync(p, text.replaceAll('/opt/ds01-infra', root));
    }
  }
}

/**
 * Extra vectors: every user that the member files and overrides of each config name, and one nobody lists, through
 * the host's parser: the host's own config, and those the caller adds (a fixture host, a legacy-keys config).
 */
const CONFIG_USERS = `
import sys, os
sys.path.insert(0, os.environ["RECORDER_DIR"])
import host_suite_recorder as rec
sys.path.insert(0, os.path.join(os.environ["ROOT"], "scripts", "docker"))
import get_resource_limits as g
for path in os.environ["CONFIGS"].split(":"):
    rec._current["test"] = "config:" + path
    p = g.ResourceLimitParser(path)
    users = set(["nobody-listed", "h.baker@hertie-school.lan"])
    for grp in (p.config.get("groups") or {}).values():
        users.update(str(m) for m in (grp.get("members") or []))
    users.update((p.config.get("user_overrides") or {}).keys())
    for u in sorted(users):
        p.get_user_limits(u); p.get_user_group(u); p.get_lifecycle_policies(u)
rec.pytest_sessionfinish(None)
`;

/** `configs`: more resource-limits.yaml files (with their groups/ and user-overrides.yaml) to read every user of. */
export function runHostSuite(configs: string[] = []): HostSuiteRun {
  const root = mkdtempSync(join(tmpdir(), 'ds01-host-suite-'));
  try {
    const commit = execFileSync('git', ['--git-dir', DS01_INFRA_GIT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const tar = execFileSync('git', ['--git-dir', DS01_INFRA_GIT, 'archive', 'HEAD', 'scripts', 'tests', 'config'], { maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
    rewritePaths(join(root, 'scripts'), root);
    rewritePaths(join(root, 'tests'), root);
    const out = join(root, 'vectors.json');
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      DS01_ORACLE_OUT: out,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONPATH: [__dirname, join(root, 'scripts', 'docker'), join(root, 'scripts', 'lib')].join(':'),
    };
    const files = HOST_TEST_FILES.filter((f) => existsSync(join(root, f)));
    const r = spawnSync(
      'python3',
      [
        '-m',
        'pytest',
        '-q',
        '-p',
        'host_suite_recorder',
        '-p',
        'no:cacheprovider',
        '--rootdir',
        join(root, 'tests'),
        '-c',
        join(root, 'tests', 'pytest.ini'),
        ...files,
      ],
      { cwd: root, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (!existsSync(out)) throw new Error(`the host's pytest wrote no vectors (exit ${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    const suite = JSON.parse(readFileSync(out, 'utf8')) as { outcomes: Record<string, string>; vectors: Vector[] };
    const all = [join(root, 'config', 'runtime', 'resource-limits.yaml'), ...configs].join(':');
    const real = spawnSync('python3', ['-c', CONFIG_USERS], {
      cwd: root,
      env: { ...env, ROOT: root, RECORDER_DIR: __dirname, CONFIGS: all },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (real.status !== 0) throw new Error(`the real-config run failed: ${real.stderr.slice(-2000)}`);
    const extra = JSON.parse(readFileSync(out, 'utf8')) as { vectors: Vector[] };
    return { outcomes: suite.outcomes, vectors: [...suite.vectors, ...extra.vectors], commit };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
