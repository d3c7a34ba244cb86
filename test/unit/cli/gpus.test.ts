import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseInventory } from '../../../src/core/nvidia-smi';
import { gpusJson, renderGpus, type AllocationMap } from '../../../src/cli/gpus-table';
import { fixture, FIXTURE_DIR } from '../core/nvidia-smi/fixtures';
import { gpusJson as gpusContract } from '../../../src/core/cli-contracts/gpus';

const ROOT = join(__dirname, '../../..');

function ds01(args: string[], smi: string) {
  // A dead engine socket: allocation is unknown and said so; the engine-wired path is tested in test/engine.
  const env = { ...process.env, DS01_NVIDIA_SMI: join(FIXTURE_DIR, 'bin', smi), DOCKER_HOST: 'unix:///nonexistent/docker.sock', NO_COLOR: '1' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 20000 });
}

describe('cli/gpus', () => {
  describe('renderGpus', () => {
    let saved: string | undefined;
    before(() => {
      saved = process.env.NO_COLOR;
      process.env.NO_COLOR = '1';
    });
    after(() => {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    });
    const { xml, list } = fixture('a100x2-mig');
    const inv = parseInventory(xml, list);

    it('shows each slot with its allocation, and the split GPU without one', () => {
      const allocation: AllocationMap = new Map([
        ['0', 'yours'],
        ['1.0', 'in use'],
        ['1.1', 'free'],
        ['1.2', 'held'],
      ]);
      const out = renderGpus(inv, allocation);
      assert.match(out, /^0 +NVIDIA A100-PCIE-40GB +1\.00 +4 \/ 40960 +3% +yours$/m);
      assert.match(out, /^1 +NVIDIA A100-PCIE-40GB +4375 \/ 40960 +- +MIG on, 3 slices$/m);
      assert.match(out, /^1\.0 +MIG 3g\.20gb +0\.43 +4211 \/ 19968 +- +in use$/m);
      assert.match(out, /^1\.1 +MIG 2g\.10gb +0\.29 .* free$/m);
      assert.match(out, /^1\.2 +MIG 1g\.5gb +0\.14 .* held$/m);
      assert.match(out, /^ +MIG-0f6b2d91-e85c-5a47-b3d0-94c7e1a2f668$/m);
      // Nobody's process is known to be the viewer's without /proc and the engine: counted, never named.
      assert.match(out, /^1\.0 +4198 +1 process of other users$/m);
      assert.doesNotMatch(out, /python|60311/);
    });

    it("names the viewer's own processes with their container, counts the rest per slot", () => {
      const view = {
        mine: [{ pid: 60311, name: 'python', usedMemoryMiB: 4198, slotId: '1.0', container: 'train' }],
        others: [{ slot: '0', count: 2, usedMemoryMiB: null }],
      };
      const out = renderGpus(inv, undefined, undefined, view);
      assert.match(out, /^1\.0 +60311 +4198 +train: python$/m);
      assert.match(out, /^0 +- +2 processes of other users$/m);
    });

    it('fits 80 columns, long model names included', () => {
      const wide = { ...inv, gpus: inv.gpus.map((g) => ({ ...g, name: 'NVIDIA RTX PRO 6000 Blackwell Server Edition' })) };
      wide.slots = [{ ...inv.slots[0], model: wide.gpus[0].name }, ...inv.slots.slice(1)];
      const out = renderGpus(wide, undefined, 'allocation unknown: no Docker engine reached');
      for (const line of out.split('\n')) assert.ok(line.length <= 80, `${line.length}: ${line}`);
      assert.match(out, /^0 +RTX PRO 6000 Blackwel… +1\.00 /m);
    });

    it('says unknown for every slot and prints the note when there is no allocation', () => {
      const out = renderGpus(inv, undefined, 'allocation unknown: no Docker engine reached');
      assert.equal(out.match(/ unknown$/gm)?.length, 4);
      assert.match(out, /\nallocation unknown: no Docker engine reached\n$/);
    });

    it('gives JSON slots an allocation field, null when unknown', () => {
      const json = gpusJson(inv, new Map([['1.1', 'free']])) as { slots: Array<{ id: string; allocation: string | null }>; allocationKnown: boolean };
      assert.deepEqual(
        json.slots.map((s) => [s.id, s.allocation]),
        [
          ['0', null],
          ['1.0', null],
          ['1.1', 'free'],
          ['1.2', null],
        ],
      );
      assert.equal(json.allocationKnown, true);
    });
  });

  describe('ds01 gpus (real process)', () => {
    it('prints the reference host, with the no-engine note, exit 0', () => {
      const r = ds01(['gpus'], 'a100x4-mig-off');
      assert.equal(r.status, 0, r.stderr);
      // The CSV reading has no CUDA version (no --query-gpu field holds it): the header leaves it out.
      assert.match(r.stdout, /^4 GPUs, 4 slots, driver 550\.127\.05$/m);
      assert.match(r.stdout, /^3 +NVIDIA A100-PCIE-40GB +1\.00 +4 \/ 40960 +0% +unknown$/m);
      assert.match(r.stdout, /GPU-e6d4a283-1f5c-47b0-a9d7-3c8e2b6f5a90/);
      assert.match(r.stdout, /allocation unknown: Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker.sock/);
      assert.match(r.stderr, /Is Docker running\?/);
      assert.ok(!r.stdout.includes('\u001b['), 'no colour escapes');
    });

    it('prints JSON with slots, gpueq, processes and the note', () => {
      const r = ds01(['gpus', '--json'], 'a100x2-mig');
      assert.equal(r.status, 0, r.stderr);
      const json = gpusContract.parse(JSON.parse(r.stdout));
      assert.deepEqual(
        json.slots.map((s: { id: string }) => s.id),
        ['0', '1.0', '1.1', '1.2'],
      );
      assert.equal(json.slots[2].equivalents, 2 / 7);
      assert.equal(json.slots[2].allocation, null);
      assert.deepEqual(json.processes, [], "pid 60311 is nobody's here: not named");
      assert.deepEqual(json.otherProcesses, [{ slot: '1.0', count: 1, usedMemoryMiB: 4198 }]);
      assert.equal(json.allocationKnown, false);
      assert.match(json.note ?? '', /^allocation unknown: Cannot reach the Docker engine/);
    });

    it('turns a driver error into one line and a fix, exit 1, no stack trace', () => {
      const r = ds01(['gpus'], 'driver-error');
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0], /^ds01: '.*driver-error --query-gpu=[^']*' failed with exit code 9: NVIDIA-SMI has failed/);
      assert.match(lines[1], /^ {2}The NVIDIA driver is not loaded/);
    });

    it('says nvidia-smi is missing when DS01_NVIDIA_SMI points nowhere', () => {
      const r = ds01(['gpus'], 'no-such-tool');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^ds01: nvidia-smi not found: .*no-such-tool' does not exist/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  });
});
