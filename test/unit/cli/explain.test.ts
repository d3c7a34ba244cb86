import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainJson } from '../../../src/core/cli-contracts/explain';

const REPO = join(__dirname, '../../..');
const CLI = join(REPO, 'dist/cli.js');
const FIXTURES = join(REPO, 'test/fixtures/cuda-failures');

describe('cli: ds01 explain', function () {
  this.timeout(60_000);
  before(() => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO }));

  it('prints the records of FILE as JSON', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain', join(FIXTURES, 'pytorch/two-bursts.txt'), '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const records = explainJson.parse(JSON.parse(r.stdout));
    assert.deepEqual(
      records.map((x) => x.kind),
      ['out-of-memory', 'blocked-host'],
    );
    assert.deepEqual(records[1].frames[0], { file: 'train.py', line: 469, function: '<module>' });
  });

  it('reads standard input and prints [] when nothing is found', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain', '--json'], { input: 'epoch 1 loss 0.3\nUsing device: cuda\n', encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(explainJson.parse(JSON.parse(r.stdout)), []);
  });

  it('explains a blocked host in words with the deploy command and the user frame', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain'], {
      input: `${'x'.repeat(10)}\n${readFileSync(join(FIXTURES, 'pytorch/no-cuda-gpus.txt'), 'utf8')}`,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /blocked-host \(pytorch\)/);
    assert.match(r.stdout, /ds01 container deploy/);
    assert.match(r.stdout, /at \/home\/alice\/proj\/utils\/general_utils\.py:139/);
  });

  it('gives a run that carried on on the CPU the gentle notice, not the blocked one', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain', join(FIXTURES, 'xgboost/no-visible-gpu.txt')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^cpu-fallback \(xgboost\), line 1: /);
    assert.match(r.stdout, /carried on on the CPU/);
    assert.doesNotMatch(r.stdout, /blocked/);
  });

  it('explains a framework wrapper (Lightning) as blocked-host at the user frame', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain', join(FIXTURES, 'lightning/cuda-accelerator-unavailable.txt'), '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [f] = explainJson.parse(JSON.parse(r.stdout));
    assert.deepEqual([f.kind, f.framework, f.blocked], ['blocked-host', 'lightning', true]);
  });

  it('fails with exit 1 and one clear line when FILE cannot be read', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain', '/nonexistent/run.log'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^ds01: cannot read \/nonexistent\/run\.log \(ENOENT\)\./);
    assert.equal(r.stdout, '');
  });
});
