import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isProblemError } from '../../src/core/problem';
import { connectEngine } from '../../src/host/engine';

// A second private dockerd of our own (not the shared one other suites use), killed with SIGKILL.
describe('engine: a dockerd that dies', function () {
  this.timeout(90000);
  const script = resolve(__dirname, '../../scripts/engine.sh');
  let dir: string;
  const engineSh = (cmd: string) =>
    execFileSync('bash', [script, cmd], { env: { ...process.env, DS01_ENGINE_DIR: dir }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  before(() => {
    dir = mkdtempSync('/tmp/ds01-dead-');
  });
  after(() => {
    try {
      engineSh('stop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers, then after kill reports engine-unreachable, and engine.sh start brings it back', async () => {
    const out = engineSh('start');
    assert.equal(out, `export DOCKER_HOST=unix://${join(dir, 'docker.sock')}\n`, 'start prints exactly the export line');
    const engine = connectEngine(`unix://${join(dir, 'docker.sock')}`);
    assert.ok(Array.isArray(await engine.listDs01Containers()));

    engineSh('kill');
    try {
      await engine.listDs01Containers();
      assert.fail('a killed engine answered');
    } catch (err) {
      assert.ok(isProblemError(err), String(err));
      assert.equal(err.problem.kind, 'engine-unreachable');
      assert.match(err.problem.message, /ECONNREFUSED|ENOENT|EPIPE|ECONNRESET/);
    }

    assert.equal(engineSh('start'), out, 'start after kill works and prints the same line');
    assert.ok(Array.isArray(await engine.listDs01Containers()));
  });
});
