// `ds01 check-limits --json` and `ds01 gpus --json` as real processes against the real engine:
// the counts users see (distinct GPUs, gpueq, containers with stopped ones, running) and slot states.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createContainer, removeRunContainers, runId, testDocker } from './helpers';
import type { z, ZodType } from 'zod';
import { readJson } from './cli-contract';
import { checkLimitsJson } from '../../src/core/cli-contracts/check-limits';
import { gpusJson } from '../../src/core/cli-contracts/gpus';

const ROOT = join(__dirname, '../..');
const SMI = join(ROOT, 'test/fixtures/nvidia-smi/bin/a100x4-mig-off');
const CONFIG = join(ROOT, 'test/fixtures/hosts/ds01-2026-07/config/runtime/resource-limits.yaml');
const GPU = [
  'GPU-3f2c9a41-6b0e-4d2f-9a8c-1e5b7d04c2a1',
  'GPU-8a71d5e0-2c4b-4f93-b6e1-7d09a3c5f812',
  'GPU-c05e1b7a-94d3-4a68-8f2e-5b3a6d910e47',
  'GPU-e6d4a283-1f5c-47b0-a9d7-3c8e2b6f5a90',
];

function ds01<S extends ZodType>(schema: S, args: string[]): z.output<S> {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args, '--config', CONFIG, '--json'], {
    env: { ...process.env, DS01_NVIDIA_SMI: SMI },
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(r.status, 0, r.stderr);
  return readJson(schema, r.stdout);
}

describe('check-limits and gpus CLI against the real engine', function () {
  this.timeout(60000);
  const docker = testDocker();
  const alice = `alice-${runId}`;
  const bob = `bob-${runId}`;

  before(async () => {
    const d = docker;
    // alice: one running container on GPU 0, one stopped on GPUs 0 and 1 (0 counted once), one CPU-only.
    await createContainer(d, {
      name: `a1-${runId}._.5001`,
      labels: { 'ds01.user': alice, 'ds01.managed': 'true', 'ds01.gpu.uuids': GPU[0] },
      deviceIds: [GPU[0]],
      state: 'running',
    });
    await createContainer(d, {
      name: `a2-${runId}._.5001`,
      labels: { 'ds01.user': alice, 'ds01.managed': 'true', 'ds01.gpu.uuids': `${GPU[0]},${GPU[1]}` },
      deviceIds: [GPU[0], GPU[1]],
      state: 'exited',
    });
    await createContainer(d, { name: `a3-${runId}._.5001`, labels: { 'ds01.user': alice, 'ds01.managed': 'true', 'ds01.gpu.uuids': '' } });
    // bob: GPU 2, created only (still holds it).
    await createContainer(d, {
      name: `b1-${runId}._.5002`,
      labels: { 'ds01.user': bob, 'ds01.managed': 'true', 'ds01.gpu.uuids': GPU[2] },
      deviceIds: [GPU[2]],
    });
  });
  after(() => removeRunContainers(docker));

  it('check-limits counts distinct GPUs, gpueq, stopped containers and running ones', () => {
    const j = ds01(checkLimitsJson, ['check-limits', '--user', alice]);
    assert.equal(j.group, 'student');
    assert.equal(j.gpus.used, 2, 'GPU 0 is held by two containers but counts once');
    assert.equal(j.gpus.usedEquivalents, 2);
    assert.deepEqual(j.gpus.slotIds, ['0', '1']);
    assert.equal(j.gpus.limit, 2);
    assert.equal(j.containers.used, 3);
    assert.equal(j.containers.running, 1);
    assert.equal(j.level, 'error');
    assert.ok(j.warnings.some((w: { kind: string }) => w.kind === 'limit-containers'));
    assert.equal(j.problems.engine, null);
  });

  it('check-limits for another user sees only their containers', () => {
    const j = ds01(checkLimitsJson, ['check-limits', '--user', bob]);
    assert.equal(j.gpus.used, 1);
    assert.equal(j.containers.used, 1);
    assert.equal(j.containers.running, 0);
    assert.ok(j.host.freeSlots !== null && j.host.freeSlots <= 1, `GPU 3 at most is free, got ${j.host.freeSlots}`);
  });

  it('gpus shows yours / in use / held / free without naming other users', () => {
    const j = ds01(gpusJson, ['gpus', '--user', alice]);
    const state = Object.fromEntries(j.slots.map((s) => [s.id, s.allocation]));
    assert.equal(state['0'], 'yours');
    assert.equal(state['1'], 'yours');
    assert.equal(state['2'], 'held', "bob's created container holds GPU 2 without running");
    assert.doesNotMatch(JSON.stringify(j), new RegExp(bob));
  });
});
