import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProblemError, type ProblemKind } from '../../../../src/core/problem';
import { APP_QUERY_ARGS, GPU_QUERY_ARGS, parseInventory } from '../../../../src/core/nvidia-smi';
import { NvidiaSmiRunner, nvidiaSmiCommand, readGpuInventory } from '../../../../src/host/nvidia-smi/run';
import { fixture, FIXTURE_DIR } from '../../core/nvidia-smi/fixtures';

const bin = (name: string) => join(FIXTURE_DIR, 'bin', name);
const GPUS = GPU_QUERY_ARGS.join(' ');
const APPS = APP_QUERY_ARGS.join(' ');

/** Processes of a group that still run; killed ones whose parent is gone may linger as zombies. */
function liveMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') live.push(Number(entry));
  }
  return live;
}

async function rejection(p: Promise<unknown>, kind: ProblemKind): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(isProblemError(e), `a ProblemError, got ${String(e)}`);
    assert.equal(e.problem.kind, kind);
    assert.ok(e.problem.fix, 'with a next step');
    return e.problem.message;
  }
  assert.fail('no error');
}

describe('host/nvidia-smi/run (real processes)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ds01-smi-'));
  });
  afterEach(() => {
    delete process.env.DS01_TEST_CALL_LOG;
    delete process.env.DS01_TEST_PID_FILE;
    rmSync(tmp, { recursive: true, force: true });
  });
  const calls = () => readFileSync(join(tmp, 'calls'), 'utf8').trim().split('\n');

  it('reads the reference host with the two CSV queries, no -q -x, and counts its runs', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const runner = new NvidiaSmiRunner({ command: bin('a100x4-processes') });
    const inv = await runner.inventory();
    assert.deepEqual(
      inv.slots.map((s) => s.id),
      ['0', '1', '2', '3'],
    );
    assert.deepEqual(
      inv.processes.map((p) => `${p.pid}@${p.slotId}`),
      ['48211@0', '51007@2', '51342@2'],
    );
    const { xml, list } = fixture('a100x4-processes');
    assert.deepEqual(inv, { ...parseInventory(xml, list), cudaVersion: null }, 'what -q -x gives, but for the CUDA version');
    assert.deepEqual(calls(), [GPUS, APPS]);
    assert.equal(runner.runs, 2);
    assert.equal(runner.xmlBecause, null);
  });

  it('on a MIG host reads -q -x and -L, and starts with them from then on', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const runner = new NvidiaSmiRunner({ command: bin('a100x2-mig') });
    const inv = await runner.inventory();
    assert.deepEqual(
      inv.slots.map((s) => `${s.id}:${s.model}`),
      ['0:NVIDIA A100-PCIE-40GB', '1.0:3g.20gb', '1.1:2g.10gb', '1.2:1g.5gb'],
    );
    assert.match(inv.slots[1].uuid, /^MIG-5d2e8b14/);
    assert.equal(inv.slots[1].memoryUsedMiB, 4211, 'slice memory, which only -q -x has');
    assert.equal(inv.processes[0].slotId, '1.0', 'the slice of the process, which only -q -x has');
    assert.equal(inv.cudaVersion, '12.2');
    assert.deepEqual(calls(), [GPUS, '-q -x', '-L']);
    assert.equal(runner.xmlBecause, 'a GPU has MIG on');
    await runner.inventory();
    assert.deepEqual(calls().slice(3), ['-q -x', '-L']);
    assert.equal(runner.runs, 5);
  });

  it('on a MIG host without slices reads -q -x alone', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const inv = await readGpuInventory({ command: bin('a100x1-mig-empty') });
    assert.deepEqual([inv.gpus.length, inv.slots.length], [1, 0]);
    assert.deepEqual(calls(), [GPUS, '-q -x']);
  });

  it('goes back to the CSV queries once MIG is off everywhere', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const smi = join(tmp, 'nvidia-smi');
    const play = (name: string) => writeFileSync(smi, `#!/bin/sh\nexec ${bin(name)} "$@"\n`, { mode: 0o755 });
    play('a100x2-mig');
    const runner = new NvidiaSmiRunner({ command: smi });
    await runner.inventory();
    play('a100x4-mig-off');
    await runner.inventory();
    assert.equal(runner.xmlBecause, null);
    await runner.inventory();
    assert.deepEqual(calls(), [GPUS, '-q -x', '-L', '-q -x', GPUS], 'no GPU has memory in use: no compute apps to ask for');
  });

  it('asks for compute apps only where a GPU has the memory in use that a CUDA context takes', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const idle = new NvidiaSmiRunner({ command: bin('a100x4-mig-off') });
    const inv = await idle.inventory();
    assert.deepEqual([inv.gpus.length, inv.processes.length, idle.runs], [4, 0, 1]);
    const { xml, list } = fixture('a100x4-mig-off');
    assert.deepEqual(inv, { ...parseInventory(xml, list), cudaVersion: null }, 'the same inventory as -q -x gives');
    const busy = new NvidiaSmiRunner({ command: bin('a100x4-processes') });
    assert.equal((await busy.inventory()).processes.length, 3);
    assert.deepEqual(calls(), [GPUS, GPUS, APPS]);
  });

  it('reads -q -x when nvidia-smi refuses the CSV query (exit code 2: a field its driver does not know), and keeps to it', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const smi = join(tmp, 'nvidia-smi');
    // What nvidia-smi answers for a field name it does not know, as a driver that renamed one would.
    writeFileSync(
      smi,
      `#!/bin/sh\ncase "$1" in --query-*) echo 'Field "used_gpu_memory" is not a valid field to query.'; exit 2 ;; esac\nexec ${bin('a100x4-processes')} "$@"\n`,
      { mode: 0o755 },
    );
    const runner = new NvidiaSmiRunner({ command: smi });
    const inv = await runner.inventory();
    assert.equal(inv.cudaVersion, '12.4');
    assert.equal(inv.processes.length, 3);
    assert.match(runner.xmlBecause ?? '', /failed with exit code 2: Field "used_gpu_memory" is not a valid field to query/);
    await runner.inventory();
    assert.deepEqual(calls(), ['-q -x', '-q -x'], 'the refused query is not logged by the fixture (the wrapper refused it), and not tried again');
    assert.equal(runner.runs, 3);
  });

  it('reads -q -x when the CSV has other columns than asked (a renamed field), and keeps to it', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const smi = join(tmp, 'nvidia-smi');
    writeFileSync(
      smi,
      `#!/bin/sh\ncase "$1" in --query-gpu=*) echo '0, GPU-3f2c9a41-6b0e-4d2f-9a8c-1e5b7d04c2a1, 40960'; exit 0 ;; esac\nexec ${bin('a100x4-mig-off')} "$@"\n`,
      { mode: 0o755 },
    );
    const runner = new NvidiaSmiRunner({ command: smi });
    assert.equal((await runner.inventory()).gpus.length, 4);
    assert.match(runner.xmlBecause ?? '', /printed 3 columns where 9 fields were asked \(index, uuid, .*\)/);
    await runner.inventory();
    assert.deepEqual(calls(), ['-q -x', '-q -x']);
  });

  it('coalesces concurrent calls into one reading, and reads again afterwards', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const runner = new NvidiaSmiRunner({ command: bin('slow') });
    const [a, b, c] = await Promise.all([runner.inventory(), runner.inventory(), runner.inventory()]);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.deepEqual(calls(), [GPUS], 'one reading (of an idle host: one query)');
    await runner.inventory();
    assert.deepEqual(calls(), [GPUS, GPUS]);
  });

  it('stops a hanging nvidia-smi at the deadline and kills its process group', async () => {
    process.env.DS01_TEST_PID_FILE = join(tmp, 'pid');
    const started = Date.now();
    const message = await rejection(readGpuInventory({ command: bin('hang'), timeoutMs: 1000 }), 'nvidia-smi-timeout');
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 4000, `took ${took} ms`);
    assert.match(message, /hang --query-gpu=index,[^ ]+ --format=csv,noheader,nounits' did not answer within 1 s/);
    const pid = Number(readFileSync(join(tmp, 'pid'), 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(liveMembers(pid), []);
  });

  it('says nvidia-smi is missing for a path that does not exist', async () => {
    const message = await rejection(readGpuInventory({ command: join(tmp, 'no-such-nvidia-smi') }), 'nvidia-smi-missing');
    assert.match(message, /nvidia-smi not found: '.*no-such-nvidia-smi' does not exist/);
  });

  it('says nvidia-smi cannot be run for a file that is not executable', async () => {
    const file = join(tmp, 'nvidia-smi');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o644);
    assert.match(await rejection(readGpuInventory({ command: file }), 'nvidia-smi-missing'), /is not executable/);
  });

  it("reports the driver error with exit code and the tool's first line", async () => {
    const message = await rejection(readGpuInventory({ command: bin('driver-error') }), 'nvidia-smi-failed');
    assert.match(
      message,
      /driver-error --query-gpu=[^ ]+ --format=csv,noheader,nounits' failed with exit code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    );
  });

  it('reports garbage output naming the command that printed it (the CSV made no sense, so -q -x was asked too)', async () => {
    const message = await rejection(readGpuInventory({ command: bin('garbage') }), 'nvidia-smi-garbage');
    assert.match(message, /^'.*bin\/garbage -q -x' printed text that is not XML/);
  });

  it('takes the command from DS01_NVIDIA_SMI, else nvidia-smi on PATH', () => {
    assert.equal(nvidiaSmiCommand({ DS01_NVIDIA_SMI: '/opt/x/nvidia-smi' }), '/opt/x/nvidia-smi');
    assert.equal(nvidiaSmiCommand({ DS01_NVIDIA_SMI: '  ' }), 'nvidia-smi');
    assert.equal(nvidiaSmiCommand({}), 'nvidia-smi');
  });
});
