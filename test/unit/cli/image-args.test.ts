// Bad arguments of `ds01 image …` and `ds01 project launch` are usage errors (exit 2) of one line with the fix,
// before any engine is asked (DOCKER_HOST points nowhere).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

function ds01(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: 'unix:///nonexistent/docker.sock', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: image and project arguments', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds01-image-args-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [args, env, says] of [
    [['image', 'build', 'a', 'b'], {}, /takes one folder, got 2/],
    [['image', 'build', '.', '--framework', 'caffe'], {}, /--framework must be one of pytorch, tensorflow, jax, pytorch-cpu/],
    [['image', 'build', '<dir>'], { DS01_MAX_CONTEXT_MIB: 'lots' }, /DS01_MAX_CONTEXT_MIB must be a whole number/],
    [['image', 'remove'], {}, /takes one NAME/],
    [['project', 'launch', 'a', 'b'], {}, /takes one folder, got 2/],
    [['project', 'launch', '.', '--gpus', 'two'], {}, /--gpus must be a whole number/],
  ] as Array<[string[], Record<string, string>, RegExp]>) {
    it(`ds01 ${args.join(' ')}${Object.keys(env).length ? ` (${Object.keys(env).join(', ')})` : ''}`, () => {
      const r = ds01(
        args.map((a) => (a === '<dir>' ? dir : a)),
        env,
      );
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr.split('\n')[0], /^ds01: /);
      assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    });
  }

  it('an engine that is not there: one line naming it, exit 1', () => {
    const r = ds01(['image', 'build', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^ds01: Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock/m);
  });
});
