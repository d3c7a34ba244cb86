import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectEngine } from '../../../src/host/engine';
import { deployContainer, loadContainerContext } from '../../../src/host/containers';
import { cliEnv, docker, ensureHost, host, removeAll, startCli, QUICK } from './host';

// A limits file made for a far bigger machine than this one (the demo ships DS01's own, made for a large host).
const GENEROUS = `
defaults:
  max_gpu_equivalents: 1.0
  max_gpu_slots_per_container: 1
  allow_full_gpu: true
  max_cpus: 512
  memory: 64t
  memory_swap: 128t
  shm_size: 64m
  pids_limit: 128
  max_containers_per_user: 2
default_group: student
groups:
  student: {}
`;

describe('engine/deploy: limits above what the machine has', function () {
  this.timeout(60000);
  let config: string;
  before(async () => {
    await ensureHost();
    config = join(host.dir, 'generous-limits.yaml');
    writeFileSync(config, GENEROUS);
  });
  afterEach(removeAll);

  const deployGenerous = (name: string, ...more: string[]) =>
    startCli(['container', 'deploy', name, '--user', 'news', '--gpus', '0', '--image', QUICK, '--workspace', host.workspace, '--config', config, ...more]).done;

  it("deploys with CPUs and memory lowered to the engine's machine, and says so (--json)", async () => {
    const machine = (await docker.info()) as { NCPU: number; MemTotal: number };
    const r = await deployGenerous('big-ask', '--json');
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    const inspected = await docker.getContainer(r.json.id).inspect();
    assert.equal(inspected.State.Running, true);
    assert.equal(inspected.HostConfig.NanoCpus, machine.NCPU * 1e9);
    assert.equal(inspected.HostConfig.Memory, machine.MemTotal);
    assert.deepEqual(
      r.json.fittedToHost.map((c: { resource: string; host: number }) => [c.resource, c.host]),
      [
        ['cpus', machine.NCPU],
        ['memory', machine.MemTotal],
      ],
    );
    assert.equal(r.json.fittedToHost[0].text, `your limits allow 512 CPUs; this host has ${machine.NCPU}: using ${machine.NCPU}`);
  });

  it('tells a person which limits it lowered, and lowers nothing that fits', async () => {
    const machine = (await docker.info()) as { NCPU: number };
    const r = await deployGenerous('big-ask-text');
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`Note: your limits allow 512 CPUs; this host has ${machine.NCPU}: using ${machine.NCPU}\\.`));
    assert.match(r.stdout, /Note: your limits allow 64 TiB of memory; this host has [\d.]+ GiB: using [\d.]+ GiB\./);
    assert.doesNotMatch(r.stderr, /HTTP 400|Range of CPUs/);

    // The suite's own limits (1 CPU, 256 MiB) fit: nothing is lowered, nothing said.
    const fits = await startCli([
      'container',
      'deploy',
      'small-ask',
      '--user',
      'news',
      '--gpus',
      '0',
      '--image',
      QUICK,
      '--workspace',
      host.workspace,
      '--json',
    ]).done;
    assert.equal(fits.code, 0, fits.stderr);
    assert.deepEqual(fits.json.fittedToHost, []);
    assert.equal((await docker.getContainer(fits.json.id).inspect()).HostConfig.NanoCpus, 1e9);
  });

  it("reads `docker info` once per deploy: a reading the caller already has (the extension's confirm step) is used, not read again", async () => {
    const engine = connectEngine(`unix://${host.socket}`);
    const load = (capacity?: { cpus: number | null; memoryBytes: number | null }) =>
      loadContainerContext({
        env: cliEnv(),
        configFile: config,
        user: 'news',
        action: 'deploy for',
        createdBy: 'cli',
        needInventory: false,
        engine,
        capacity,
      });
    const request = (name: string) => ({ name, image: QUICK, gpus: 0, workspace: host.workspace });

    const before = engine.calls.other;
    const own = await deployContainer(await load(), request('reads-info'));
    const withoutReading = engine.calls.other - before;

    // Half a CPU: not this machine's figure, so the container shows which reading the deploy used.
    const middle = engine.calls.other;
    const handed = await deployContainer(await load({ cpus: 0.5, memoryBytes: null }), request('handed-info'));
    const withReading = engine.calls.other - middle;

    assert.equal(withoutReading - withReading, 1, `engine calls of kind 'other': ${withoutReading} reading docker info itself, ${withReading} handed it`);
    assert.deepEqual(handed.clamps, [{ resource: 'cpus', allowed: 512, host: 0.5 }]);
    assert.equal((await docker.getContainer(handed.id).inspect()).HostConfig.NanoCpus, 0.5e9);
    assert.equal(own.clamps[0].resource, 'cpus');
  });
});
