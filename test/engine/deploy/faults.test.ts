import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isProblemError } from '../../../src/core/problem';
import { connectEngine } from '../../../src/host/engine';
import { lockFilePath } from '../../../src/host/allocation/lock';
import { retireContainer } from '../../../src/host/containers';
import { BUSYBOX, cli, deploy, docker, engineSh, ensureHost, host, removeAll, retire, startCli, QUICK } from './host';
import { testUser } from '../../unit/helpers/records';

/** What the engine really has, to compare with what the CLI reports. */
async function engineNames(): Promise<string[]> {
  return (await docker.listContainers({ all: true })).map((c) => c.Names[0].slice(1)).sort();
}

async function listedNames(user: string): Promise<string[]> {
  const r = await cli('container', 'list', '--user', user, '--all', '--json');
  assert.equal(r.code, 0, r.stderr);
  return r.json.containers.map((c: { name: string }) => c.name).sort();
}

function deployArgs(user: string, name: string, image = QUICK): string[] {
  return ['container', 'deploy', name, '--user', user, '--gpus', '1', '--image', image, '--workspace', host.workspace, '--json'];
}

describe('engine/deploy: faults', function () {
  this.timeout(90000);
  before(ensureHost);
  afterEach(async () => {
    engineSh('start');
    await removeAll();
  });

  it("a remove that fails (the container runs again, no force) is reported as retire-failed with the engine's message", async () => {
    const d = await deploy('bin', 'restarted', '--gpus', '0');
    assert.equal(d.code, 0, d.stderr);
    const engine = connectEngine(`unix://${host.socket}`);
    const user = testUser({ name: 'bin', sanitized: 'bin', uid: 2 });
    await assert.rejects(
      retireContainer(engine, user, 'restarted', {}, async (p) => {
        // Someone starts it again between our stop and our remove.
        if (p.step === 'removing') await docker.getContainer(d.json.id).start();
      }),
      (err: unknown) => {
        assert.ok(isProblemError(err));
        assert.equal(err.problem.kind, 'retire-failed');
        assert.match(err.problem.message, /Could not remove container restarted: .*HTTP 409.*running container/i);
        assert.match(err.problem.fix!, /NOT retired/);
        return true;
      },
    );
    assert.equal((await docker.getContainer(d.json.id).inspect()).State.Running, true, 'and it really is still there');
  });

  it('engine killed while a deploy waits for the host lock: engine-unreachable, nothing left behind', async () => {
    const lock = lockFilePath(host.state);
    mkdirSync(dirname(lock), { recursive: true });
    const holder = spawn('flock', ['-x', '-o', lock, 'sh', '-c', 'echo held; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    await new Promise((res) => holder.stdout!.once('data', res));
    const run = startCli(deployArgs('bin', 'waiting'));
    await run.waitFor(/Checking the image/);
    await new Promise((res) => setTimeout(res, 500));
    engineSh('kill');
    process.kill(-holder.pid!, 'SIGKILL');
    const r = await run.done;
    assert.equal(r.code, 1);
    assert.equal(r.json.problem.kind, 'engine-unreachable', r.stderr);
    engineSh('start');
    assert.deepEqual(await engineNames(), []);
    assert.deepEqual(await listedNames('bin'), []);
  });

  it('engine killed while a deploy starts its container: the next list tells the truth and retire cleans up', async () => {
    const run = startCli(deployArgs('sys', 'midway'));
    await run.waitFor(/Starting the container/);
    engineSh('kill');
    const r = await run.done;
    if (r.code !== 0) {
      assert.equal(r.json.problem.kind, 'deploy-failed', r.stderr);
      assert.match(r.json.problem.message, /while starting: Cannot reach the Docker engine.*could not be removed either/);
      assert.match(r.json.problem.fix, /ds01 container retire midway\._\.3/);
    }
    engineSh('start');
    const actual = await engineNames();
    assert.deepEqual(await listedNames('sys'), actual, 'list reports what the engine has');
    assert.deepEqual(actual, ['midway._.3'], 'the container was created before the kill');
    const gone = await retire('sys', 'midway');
    assert.equal(gone.code, 0, gone.stderr);
    assert.deepEqual(await engineNames(), []);
    const again = await deploy('sys', 'midway', '--gpus', '1');
    assert.equal(again.code, 0, `the slot and the name are free again: ${again.stderr}`);
  });

  it("engine killed during a retire's 10 s stop: retire-failed, non-zero; after restart list shows it and retire --force removes it", async () => {
    // busybox sh as PID 1 ignores SIGTERM, so the engine waits out the grace period: a window to kill it in.
    const d = await deploy('games', 'slow-stop', '--gpus', '1', '--image', BUSYBOX);
    assert.equal(d.code, 0, d.stderr);
    const run = startCli(['container', 'retire', 'slow-stop', '--user', 'games', '--json']);
    await run.waitFor(/Stopping the container/);
    await new Promise((res) => setTimeout(res, 500));
    engineSh('kill');
    const r = await run.done;
    assert.equal(r.code, 1);
    assert.equal(r.json.problem.kind, 'retire-failed');
    assert.match(r.json.problem.message, /Could not stop container slow-stop: Cannot reach the Docker engine/);
    engineSh('start');
    assert.deepEqual(await listedNames('games'), ['slow-stop._.5']);
    const forced = await retire('games', 'slow-stop', '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(await engineNames(), []);
  });
});
