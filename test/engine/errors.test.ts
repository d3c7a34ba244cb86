import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isProblemError, type ProblemError } from '../../src/core/problem';
import { connectEngine } from '../../src/host/engine';
import { testEngine } from './helpers';

async function problemOf(p: Promise<unknown>): Promise<ProblemError> {
  try {
    await p;
  } catch (err) {
    assert.ok(isProblemError(err), `expected a ProblemError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('engine: failures become problems', function () {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds01-engine-errors-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('no socket at all: engine-unreachable, asks whether Docker runs', async () => {
    const sock = join(dir, 'missing.sock');
    const p = await problemOf(connectEngine(`unix://${sock}`).listDs01Containers());
    assert.equal(p.problem.kind, 'engine-unreachable');
    assert.match(p.problem.message, new RegExp(`${sock}.*ENOENT`));
    assert.match(p.problem.fix ?? '', /Is Docker running\?/);
  });

  it('a socket left by a killed engine: engine-unreachable (ECONNREFUSED)', async () => {
    const sock = join(dir, 'stale.sock');
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => console.log('up'))`]);
    await new Promise((ok) => child.stdout.once('data', ok));
    child.kill('SIGKILL');
    await new Promise((ok) => child.once('exit', ok));
    assert.ok(statSync(sock).isSocket(), 'the killed listener leaves its socket file');
    const p = await problemOf(connectEngine(`unix://${sock}`).scanContainers());
    assert.equal(p.problem.kind, 'engine-unreachable');
    assert.match(p.problem.message, /ECONNREFUSED/);
  });

  it('an engine that accepts but never answers: engine-unreachable after the time limit', async () => {
    const sock = join(dir, 'silent.sock');
    const server: Server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((ok) => server.listen(sock, ok));
    try {
      const started = Date.now();
      const p = await problemOf(connectEngine({ dockerHost: `unix://${sock}`, timeoutMs: 300 }).listDs01Containers());
      assert.equal(p.problem.kind, 'engine-unreachable');
      assert.match(p.problem.message, /did not answer within 0\.3 s/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      server.close();
    }
  });

  it('a DOCKER_HOST that is no address: engine-unreachable naming it', () => {
    assert.throws(
      () => connectEngine('ftp://x'),
      (e: unknown) => isProblemError(e) && e.problem.kind === 'engine-unreachable' && /DOCKER_HOST "ftp:\/\/x"/.test(e.problem.message),
    );
  });

  it("an engine error keeps the engine's message: engine-error", async () => {
    const engine = testEngine();
    const p = await problemOf(engine.inspectContainer('no-such-ds01-container'));
    assert.equal(p.problem.kind, 'engine-error');
    assert.match(p.problem.message, /HTTP 404.*No such container: no-such-ds01-container/);
  });

  it("a user outside the socket's group: engine-permission (run as nobody)", function () {
    const socketPath = process.env.DOCKER_HOST!.replace(/^unix:\/\//, '');
    assert.equal(statSync(socketPath).mode & 0o006, 0, 'the test socket must not be open to others');
    const probe = resolve(__dirname, 'permission-probe.ts');
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', probe], {
      cwd: resolve(__dirname, '../..'),
      env: { ...process.env, HOME: '/tmp' },
      encoding: 'utf8',
      timeout: 20000,
    });
    assert.equal(r.error, undefined, `setpriv could not run: ${String(r.error)}`);
    assert.equal(r.status, 0, `probe failed: ${r.stderr}`);
    const answer = JSON.parse(r.stdout.trim().split('\n').pop()!) as { kind: string; message: string; fix: string };
    assert.equal(answer.kind, 'engine-permission');
    assert.match(answer.message, new RegExp(`Permission denied on the Docker socket unix://${socketPath}`));
    assert.match(answer.fix, /docker group.*log in again/);
  });
});
