// Runs the built `ds01` CLI as a real process, as a user would.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempHost } from '../host/temp-host';
import { limitsJson } from '../../../src/core/cli-contracts/limits';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

function ds01(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: ds01 limits', function () {
  this.timeout(60000);
  let host: ReturnType<typeof tempHost>;
  let config: string;

  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO });
  });
  beforeEach(() => {
    host = tempHost('ds01-2026-07');
    config = join(host.root, 'config', 'runtime', 'resource-limits.yaml');
  });
  afterEach(() => host.cleanup());

  it('prints the JSON fields the issue names', () => {
    const r = ds01(['limits', '--json', '--config', config, '--user', 'bob']);
    assert.equal(r.code, 0, r.stderr);
    const j = limitsJson.parse(JSON.parse(r.stdout));
    assert.equal(j.user, 'bob');
    assert.equal(j.group, 'researcher');
    assert.equal(j.exempt, false);
    assert.deepEqual(j.gpus, { maxEquivalents: 4, maxPerContainer: 3, allowFullGpu: true });
    assert.equal(j.containers.max, 5);
    assert.equal(j.cpus, 48);
    assert.equal(j.memoryBytes, 64 * 1024 ** 3);
    assert.equal(j.shmBytes, 32 * 1024 ** 3);
    assert.equal(j.pidsLimit, 4096);
    assert.deepEqual(j.lifecycle, {
      idleTimeoutSeconds: 3600,
      maxRuntimeSeconds: 172800,
      gpuHoldAfterStopSeconds: 900,
      containerHoldAfterStopSeconds: 1800,
    });
    // get_resource_limits.py bob --lifecycle-policies: the researcher group's policies (issue 21).
    assert.deepEqual(j.lifecyclePolicies, {
      idleDetectionWindow: 4,
      gpuIdleThresholdPercent: 5,
      cpuIdleThresholdPercent: 3,
      networkIdleThresholdBytes: 1048576,
      sigtermGraceSeconds: 60,
    });
    const text = ds01(['limits', '--config', config, '--user', 'bob']);
    assert.match(text.stdout, /Idle detection {14}4 hourly checks in a row \(GPU < 5%, CPU < 3%\)\n/);
  });

  it('finds the config through DS01_ROOT and reports an override user as "override"', () => {
    const r = ds01(['limits', '--json', '--user', 'special'], { DS01_ROOT: host.root, DS01_STATE_DIR: host.root });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(limitsJson.parse(JSON.parse(r.stdout)).group, 'override');
  });

  it('prints readable text within 80 columns and no colour codes when NO_COLOR is set', () => {
    const r = ds01(['limits', '--config', config, '--user', 'datasciencelab']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Limits for datasciencelab\n/);
    assert.match(r.stdout, /Group\s+admin\n/);
    assert.match(r.stdout, /Cgroup slice\s+ds01-admin-datasciencelab\.slice\n/);
    assert.match(r.stdout, /Quota \(GPU-equivalents\)\s+unlimited/);
    assert.match(r.stdout, /Memory \/ swap\s+128 GiB \/ 128 GiB/);
    assert.match(r.stdout, /allowed \(exempt: exempt_users\)/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colour escapes');
    for (const line of r.stdout.split('\n')) assert.ok(line.length <= 80, `too wide: ${line}`);
  });

  it('fails a malformed config with one line naming the file, a fix, and no stack trace', () => {
    writeFileSync(config, 'defaults:\n  max_cpus: [4\n');
    const r = ds01(['limits', '--json', '--config', config]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], new RegExp(`^ds01: ${config}: malformed YAML at line \\d+, column \\d+`));
    assert.match(lines[1], /^ {2}Fix the YAML syntax/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('fails a negative limit naming its YAML path', () => {
    writeFileSync(config, 'groups:\n  researcher:\n    max_cpus: -4\n');
    const r = ds01(['limits', '--config', config, '--user', 'bob']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ds01: .*resource-limits\.yaml: groups\.researcher\.max_cpus: must not be negative, got -4\n/);
  });

  it('fails a missing config with exit code 1 and what to do', () => {
    const r = ds01(['limits'], { DS01_ROOT: join(host.root, 'absent') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ds01: No DS01 limits file at .*absent\/config\/runtime\/resource-limits\.yaml/);
    assert.match(r.stderr, /Set DS01_ROOT .* or pass --config FILE/);
  });
});
