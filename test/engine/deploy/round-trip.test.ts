import { strict as assert } from 'node:assert';
import { cli, deploy, docker, ensureHost, gpuUuids, host, removeAll, retire, startCli, QUICK } from './host';

// uid/gid of the system account `daemon` (researcher: 2 GPUs per container, quota 2.0).
const DAEMON = { uid: 1, gid: 1 };

describe('engine/deploy: round trip through the CLI', function () {
  this.timeout(60000);
  before(ensureHost);
  afterEach(removeAll);

  it('deploys a 2-GPU container: labels, device request, limits, mount, cgroup parent, user, tty; it runs and sees its UUIDs', async () => {
    const r = await deploy('daemon', 'Round Trip', '--gpus', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json.slots, ['0', '1']);
    assert.deepEqual(r.json.gpuUuids, gpuUuids.slice(0, 2));
    assert.equal(r.json.hostName, `round-trip._.${DAEMON.uid}`);
    for (const step of ['Checking limits', 'Allocating GPUs', 'Creating the container', 'Verifying with the engine', 'Starting the container']) {
      assert.match(r.stderr, new RegExp(step), `progress step ${step} on stderr`);
    }

    const info = await docker.getContainer(r.json.id).inspect();
    const l = info.Config.Labels;
    assert.equal(l['ds01.managed'], 'true');
    assert.equal(l['ds01.user'], 'daemon');
    assert.equal(l['ds01.interface'], 'atomic');
    assert.equal(l['ds01.client'], 'cli');
    assert.equal(l['ds01.name'], 'round-trip');
    assert.match(l['ds01.created_at'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(l['ds01.gpu.uuids'], gpuUuids.slice(0, 2).join(','));
    assert.equal(l['ds01.gpu.slots'], '0,1');
    assert.ok(l['ds01.gpu.allocated_at']);
    const hc = info.HostConfig;
    assert.deepEqual(hc.DeviceRequests, [{ Driver: 'nvidia', Count: 0, DeviceIDs: gpuUuids.slice(0, 2), Capabilities: [['gpu']], Options: {} }]);
    assert.equal(hc.CgroupParent, 'ds01-researcher-daemon.slice');
    assert.equal(hc.NanoCpus, 1e9);
    assert.equal(hc.Memory, 256 * 2 ** 20);
    assert.equal(hc.MemorySwap, 512 * 2 ** 20);
    assert.equal(hc.ShmSize, 64 * 2 ** 20);
    assert.equal(hc.PidsLimit, 128);
    assert.deepEqual(hc.Binds, [`${host.workspace}:/workspace`]);
    assert.equal(info.Config.WorkingDir, '/workspace');
    assert.equal(info.Config.User, `${DAEMON.uid}:${DAEMON.gid}`);
    assert.equal(info.Config.Tty, true);
    assert.equal(info.Config.OpenStdin, true);
    assert.equal(info.State.Status, 'running');

    const env = await exec(r.json.id, ['cat', '/proc/1/environ']);
    assert.match(env, new RegExp(`NVIDIA_VISIBLE_DEVICES=${gpuUuids.slice(0, 2).join(',')}(\u0000|$)`));
    assert.match(await exec(r.json.id, ['id']), /uid=1 gid=1/);
    const cgroup = await exec(r.json.id, ['cat', '/proc/1/cgroup']);
    assert.match(cgroup, /pids:\/ds01-researcher-daemon\.slice\//, "the container runs in the user's slice");

    const list = await cli('container', 'list', '--user', 'daemon', '--json');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      list.json.containers.map((c: { displayName: string; slots: string[]; state: string; workspace: string }) => [
        c.displayName,
        c.slots.join(','),
        c.state,
        c.workspace,
      ]),
      [['round-trip', '0,1', 'running', host.workspace]],
    );

    const gone = await retire('daemon', 'round-trip');
    assert.equal(gone.code, 0, gone.stderr);
    assert.equal(gone.json.removed, true);
    await assert.rejects(docker.getContainer(r.json.id).inspect(), /404|no such container/i);

    // 2026-02 regression: after a successful retire, the same NAME deploys again at once.
    const again = await deploy('daemon', 'round-trip', '--gpus', '2');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.json.slots, ['0', '1'], 'the retired container released its slots');
  });

  it('--gpus 0 deploys a CPU-only container with no device request; DS01_CGROUP_PARENT=off leaves the engine default', async () => {
    const r = await deploy('bin', 'cpu-only', '--gpus', '0');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json.slots, []);
    const info = await docker.getContainer(r.json.id).inspect();
    assert.ok(!info.HostConfig.DeviceRequests || info.HostConfig.DeviceRequests.length === 0);
    assert.equal(info.Config.Labels['ds01.gpu.uuids'], '');
    assert.equal(info.HostConfig.CgroupParent, 'ds01-student-bin.slice');

    const off = await startCli(['container', 'deploy', 'no-slice', '--user', 'bin', '--gpus', '0', '--image', QUICK, '--workspace', host.workspace, '--json'], {
      env: { DS01_CGROUP_PARENT: 'off' },
    }).done;
    assert.equal(off.code, 0, off.stderr);
    assert.equal((await docker.getContainer(off.json.id).inspect()).HostConfig.CgroupParent, '');

    // Retire and list do not need the limits file: a broken install must not keep people from cleaning up.
    const noConfig = { env: { DS01_ROOT: `${host.dir}/missing` } };
    const listed = await startCli(['container', 'list', '--user', 'bin', '--json'], noConfig).done;
    assert.deepEqual(listed.json.containers.map((c: { displayName: string }) => c.displayName).sort(), ['cpu-only', 'no-slice']);
    const retired = await startCli(['container', 'retire', 'no-slice', '--user', 'bin', '--json'], noConfig).done;
    assert.equal(retired.code, 0, retired.stderr);
    const refusedDeploy = await startCli(
      ['container', 'deploy', 'x', '--user', 'bin', '--gpus', '0', '--image', QUICK, '--workspace', host.workspace, '--json'],
      noConfig,
    ).done;
    assert.equal(refusedDeploy.json.problem.kind, 'config-missing', 'deploy needs the limits');
  });

  it('list hides stopped containers unless --all, and says so', async () => {
    const r = await deploy('sys', 'stopped-one', '--gpus', '1');
    assert.equal(r.code, 0, r.stderr);
    await docker.getContainer(r.json.id).stop({ t: 1 });
    const plain = await cli('container', 'list', '--user', 'sys');
    assert.match(plain.stdout, /No containers\.\n1 stopped container not shown \(they still hold their GPUs\)/);
    const all = await cli('container', 'list', '--user', 'sys', '--all', '--json');
    assert.equal(all.json.containers[0].state, 'exited');
    assert.deepEqual(all.json.containers[0].slots, ['0']);
  });
});

async function exec(id: string, cmd: string[]): Promise<string> {
  const e = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await e.start({ hijack: true, stdin: false, Tty: true });
  let out = '';
  stream.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise((res) => stream.on('end', res));
  return out;
}
