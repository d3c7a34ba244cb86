// Inputs that would lift a limit or escape the error format (issue 15 point 6), through the built CLI as a process:
// each is the documented one-line error naming the file and the key, with a fix, exit 1 (never "internal error", 70).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

function ds01(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLineRefusal(r: { code: number | null; stderr: string }, names: RegExp): void {
  assert.equal(r.code, 1, `exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  assert.match(r.stderr.split('\n')[0], /^ds01: /);
  assert.match(r.stderr, names);
}

describe('cli: inputs that would lift limits or escape the error format', function () {
  this.timeout(60000);
  let dir: string;
  before(() => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds01-hostile-in-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const limitsWith = (line: string): string => {
    const file = join(dir, 'resource-limits.yaml');
    writeFileSync(file, `defaults:\n  max_gpu_equivalents: 1\n  ${line}\ndefault_group: student\ngroups:\n  student: {}\n`);
    return file;
  };

  for (const [line, key, why] of [
    ['max_cpus: 1e308', 'max_cpus', /more than any host/],
    ['max_cpus: 1e12', 'max_cpus', /more than any host has/],
    ['max_cpus: 0.0000000001', 'max_cpus', /would lift the limit.*0\.01/],
    ['max_cpus: 0', 'max_cpus', /would lift the limit/],
    ['memory: 99999999999999999999999g', 'memory', /more than any host can mean/],
    ['memory: 0', 'memory', /would lift the limit.*6m/],
    ['pids_limit: 0', 'pids_limit', /would lift the limit/],
    ['max_runtime_h: 1e308', 'max_runtime_h', /more than any host can mean/],
  ] as Array<[string, string, RegExp]>) {
    it(`refuses ${line}, naming the key`, () => {
      const file = limitsWith(line);
      const r = ds01(['limits', '--json', '--config', file, '--user', 'nobody']);
      oneLineRefusal(r, new RegExp(`${file.replace(/[.]/g, '\\.')}: defaults\\.${key}: `));
      assert.match(r.stderr, why);
      assert.match(r.stderr, /null means unlimited/);
    });
  }

  it('a YAML alias bomb is a config error naming the file, not an internal error', () => {
    const file = join(dir, 'resource-limits.yaml');
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [p, c] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
    ])
      rows.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    writeFileSync(file, `${rows.join('\n')}\ndefaults:\n  max_cpus: 1\n`);
    oneLineRefusal(ds01(['limits', '--config', file, '--user', 'nobody']), new RegExp(`${file}: YAML that cannot be read safely.*\\n.*Fix ${file}`));
  });

  it('nvidia-smi XML declaring an external entity is the nvidia-smi error naming the command, not an internal error', () => {
    const xml = readFileSync(join(REPO, 'test', 'fixtures', 'nvidia-smi', 'a100x4-mig-off.xml'), 'utf8')
      .replace(/<!DOCTYPE[^>]*>/, '<!DOCTYPE nvidia_smi_log [<!ENTITY xxe SYSTEM "file:///etc/shadow">]>')
      .replace(/<driver_version>[^<]*</, '<driver_version>&xxe;<');
    writeFileSync(join(dir, 'evil.xml'), xml);
    const smi = join(dir, 'nvidia-smi');
    writeFileSync(smi, `#!/bin/sh\nexec cat ${join(dir, 'evil.xml')}\n`);
    chmodSync(smi, 0o755);
    const r = ds01(['gpus'], { DS01_NVIDIA_SMI: smi });
    oneLineRefusal(r, /'nvidia-smi -q -x'|nvidia-smi/);
    assert.doesNotMatch(r.stdout + r.stderr, /root:/, 'an entity was expanded');
  });
});
