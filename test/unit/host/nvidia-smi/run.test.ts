import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProblemError, type ProblemKind } from '../../../../src/core/problem';
import { NvidiaSmiRunner, nvidiaSmiCommand, readGpuInventory } from '../../../../src/host/nvidia-smi/run';
import { FIXTURE_DIR } from '../../core/nvidia-smi/fixtures';

const bin = (name: string) => join(FIXTURE_DIR, 'bin', name);

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

  it('reads the reference host with a single -q -x run', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const inv = await readGpuInventory({ command: bin('a100x4-mig-off') });
    assert.deepEqual(inv.slots.map((s) => s.id), ['0', '1', '2', '3']);
    assert.deepEqual(calls(), ['-q -x']);
  });

  it('adds a -L run on a MIG host and gets profiles and MIG UUIDs from it', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const inv = await readGpuInventory({ command: bin('a100x2-mig') });
    assert.deepEqual(inv.slots.map((s) => `${s.id}:${s.model}`), ['0:NVIDIA A100-PCIE-40GB', '1.0:3g.20gb', '1.1:2g.10gb', '1.2:1g.5gb']);
    assert.match(inv.slots[1].uuid, /^MIG-5d2e8b14/);
    assert.deepEqual(calls(), ['-q -x', '-L']);
  });

  it('coalesces concurrent calls into one nvidia-smi run, and runs again afterwards', async () => {
    process.env.DS01_TEST_CALL_LOG = join(tmp, 'calls');
    const runner = new NvidiaSmiRunner({ command: bin('slow') });
    const [a, b, c] = await Promise.all([runner.inventory(), runner.inventory(), runner.inventory()]);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.deepEqual(calls(), ['-q -x']);
    await runner.inventory();
    assert.deepEqual(calls(), ['-q -x', '-q -x']);
  });

  it('stops a hanging nvidia-smi at the deadline and kills its process group', async () => {
    process.env.DS01_TEST_PID_FILE = join(tmp, 'pid');
    const started = Date.now();
    const message = await rejection(readGpuInventory({ command: bin('hang'), timeoutMs: 1000 }), 'nvidia-smi-timeout');
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 4000, `took ${took} ms`);
    assert.match(message, /hang -q -x' did not answer within 1 s/);
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

  it('reports the driver error with exit code and the tool\'s first line', async () => {
    const message = await rejection(readGpuInventory({ command: bin('driver-error') }), 'nvidia-smi-failed');
    assert.match(message, /driver-error -q -x' failed with exit code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
  });

  it('reports garbage output naming the command that printed it', async () => {
    const message = await rejection(readGpuInventory({ command: bin('garbage') }), 'nvidia-smi-garbage');
    assert.match(message, /^'.*bin\/garbage -q -x' printed text that is not XML/);
  });

  it('takes the command from DS01_NVIDIA_SMI, else nvidia-smi on PATH', () => {
    assert.equal(nvidiaSmiCommand({ DS01_NVIDIA_SMI: '/opt/x/nvidia-smi' }), '/opt/x/nvidia-smi');
    assert.equal(nvidiaSmiCommand({ DS01_NVIDIA_SMI: '  ' }), 'nvidia-smi');
    assert.equal(nvidiaSmiCommand({}), 'nvidia-smi');
  });
});
