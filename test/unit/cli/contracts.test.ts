// The CLI's contracts (issue 23 item 5): every command declares its options and, where it takes --json, the schema
// of what it writes (src/core/cli-contracts); real runs parse against those schemas; an unknown option or a missing
// value is a usage error (exit 2) naming the command's usage; the bundles come from the command table.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZodType } from 'zod';
import { commands } from '../../../src/cli/commands';
import { parseCommandArgs, splitCommand } from '../../../src/cli/args';
import { checkLimitsJson } from '../../../src/core/cli-contracts/check-limits';
import { explainJson } from '../../../src/core/cli-contracts/explain';
import { gpusJson } from '../../../src/core/cli-contracts/gpus';
import { limitsJson } from '../../../src/core/cli-contracts/limits';
import { latestWaitProgress, waitProgressLine, waitProgressText } from '../../../src/core/cli-contracts/wait-progress';
import { isProblemError } from '../../../src/core/problem';
import { FIXTURE_DIR } from '../core/nvidia-smi/fixtures';

const ROOT = join(__dirname, '../../..');

function ds01(args: string[], input?: string) {
  const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', DS01_NVIDIA_SMI: join(FIXTURE_DIR, 'bin', 'a100x2-mig'), NO_COLOR: '1' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 30000, input });
}

describe('cli contracts: options and --json schemas per command', function () {
  this.timeout(60000);

  it('every command declares its usage and options, and a schema exactly when it takes --json', async () => {
    for (const [key, entry] of Object.entries(commands)) {
      const c = await entry.load();
      assert.ok(c.usage.startsWith(`ds01 ${key}`), `${key}: usage ${c.usage}`);
      assert.equal(typeof c.options, 'object', key);
      const takesJson = 'json' in c.options;
      assert.equal(c.json instanceof ZodType, takesJson, `${key}: --json ${takesJson ? 'without' : 'with'} a schema`);
      assert.equal(c.usage.includes('--json'), takesJson, `${key}: its usage and its options disagree on --json`);
    }
  });

  it('adding a command is its file plus its line in the table: each command file is in the table', () => {
    const files = readdirSync(join(ROOT, 'src/cli/commands'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => `./${f.slice(0, -3)}`)
      .sort();
    const table = [...readFileSync(join(ROOT, 'src/cli/commands/index.ts'), 'utf8').matchAll(/import\('(\.\/[a-z-]+)'\)/g)].map((m) => m[1]).sort();
    assert.deepEqual(table, files, 'the table names every command file');
    assert.equal(table.length, Object.keys(commands).length);
  });

  it("an unknown option, a missing value or a value on a switch is a usage error with the command's usage (exit 2)", () => {
    const deploy = ds01(['container', 'deploy', 'x', '--gpu=2']);
    assert.equal(deploy.status, 2, deploy.stderr);
    assert.match(deploy.stderr, /--gpu is not an option of ds01 container deploy\.\n\s+Usage: ds01 container deploy NAME \[--image IMG\] \[--gpus N\]/);
    const missing = ds01(['container', 'deploy', 'x', '--gpus', '--json']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--gpus needs a value/);
    const valued = ds01(['check-limits', '--json=yes']);
    assert.equal(valued.status, 2);
    assert.match(valued.stderr, /--json takes no value/);
    const notHere = ds01(['gpus', '--all']);
    assert.equal(notHere.status, 2);
    assert.match(notHere.stderr, /--all is not an option of ds01 gpus\.\n\s+Usage: ds01 gpus \[--user U\] \[--config FILE\] \[--json\]/);
    const logs = ds01(['container', 'logs', 'x', '--json']);
    assert.equal(logs.status, 2, 'container logs writes no JSON');
  });

  it("finds the command among options before it, and parses each command's own flags with their types", () => {
    const isCommand = (k: string) => k in commands;
    assert.deepEqual(splitCommand(['--user', 'alice', 'container', 'deploy', 'x', '--gpus', '2'], isCommand), {
      key: 'container deploy',
      rest: ['--user', 'alice', 'x', '--gpus', '2'],
    });
    assert.deepEqual(splitCommand(['explain', 'run.log'], isCommand), { key: 'explain', rest: ['run.log'] });
    const args = parseCommandArgs(['x', '--gpus=2', '--wait', '-h'], { gpus: { type: 'string' }, wait: { type: 'boolean' } }, 'ds01 t NAME');
    assert.deepEqual(args, { positionals: ['x'], flags: { gpus: '2', wait: true, help: true } });
    assert.throws(
      () => parseCommandArgs(['--nope'], {}, 'ds01 t'),
      (e: unknown) => isProblemError(e) && e.problem.kind === 'usage' && e.problem.fix === 'Usage: ds01 t',
    );
  });

  it('real runs parse: limits, check-limits, gpus and explain', () => {
    const config = join(ROOT, 'demo', 'config', 'runtime', 'resource-limits.yaml');
    const limits = ds01(['limits', '--json', '--config', config, '--user', 'alice']);
    assert.equal(limits.status, 0, limits.stderr);
    assert.equal(limitsJson.parse(JSON.parse(limits.stdout)).user, 'alice');
    const check = ds01(['check-limits', '--json', '--config', config]);
    assert.equal(check.status, 1, 'no engine: partial');
    const c = checkLimitsJson.parse(JSON.parse(check.stdout));
    assert.equal(c.level, 'unknown', 'no engine: usage not read');
    assert.equal(c.gpus.used, null);
    const gpus = ds01(['gpus', '--json']);
    assert.equal(gpus.status, 0, gpus.stderr);
    assert.equal(gpusJson.parse(JSON.parse(gpus.stdout)).allocationKnown, false);
    const explained = ds01(['explain', '--json'], 'RuntimeError: CUDA error: out of memory\n');
    assert.equal(explained.status, 0, explained.stderr);
    assert.equal(explainJson.parse(JSON.parse(explained.stdout)).length, 1);
  });

  it("wait progress: each record reads as the waiter's stderr line; the latest whole line wins over a torn one", () => {
    const step = waitProgressLine.parse({ type: 'step', index: 3, total: 7, title: 'Checking limits', detail: 'Waiting for the host GPU lock' });
    assert.equal(waitProgressText(step), '[3/7] Checking limits: Waiting for the host GPU lock');
    assert.equal(waitProgressText({ type: 'waited', waitedMs: 3210 }), 'Waited 3.2 s in the GPU queue.');
    const queued = JSON.stringify({ type: 'queued', text: 'Waiting for 1 GPU: number 1 in the queue', freeSlots: 0, totalSlots: 4, ticket: 't.req' });
    assert.equal(latestWaitProgress(`${JSON.stringify(step)}\n${queued}\n{"type":"st`)?.type, 'queued');
    assert.equal(latestWaitProgress(`${queued}\n{"type":"nonsense"}\n`)?.type, 'queued', 'a record outside the contract is skipped');
    assert.equal(latestWaitProgress(''), null);
  });
});
