import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failurePrompt, freeGpusSentence, memoryHoldersSentence, type FailurePromptInput } from '../../../../src/core/cuda-failure/prompt';
import type { LimitReport } from '../../../../src/core/check-limits/report';
import type { Ds01Container } from '../../../../src/core/model';
import { parseInventory } from '../../../../src/core/nvidia-smi';
import { ds01Container } from '../../helpers/records';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'nvidia-smi');
const inventory = parseInventory(readFileSync(join(fixtures, 'a100x4-processes.xml'), 'utf8'), readFileSync(join(fixtures, 'a100x4-processes.L.txt'), 'utf8'));

function report(used: number, limit: number | null, freeSlots: number | null): LimitReport {
  return {
    limits: {} as LimitReport['limits'],
    gpus: { used, limit, usedEquivalents: used, remainingEquivalents: null },
    containers: { used: 0, limit: 5, running: 0 },
    host: { freeSlots, totalSlots: 4 },
    level: 'ok',
    warnings: [],
  };
}

function container(name: string, gpuUuids: string[], workspace = '/home/alice/proj'): Ds01Container {
  return ds01Container(`${name}._.1000`, { id: name, displayName: name, gpuUuids, workspace });
}

function input(over: Partial<FailurePromptInput>): FailurePromptInput {
  return {
    kind: 'blocked-host',
    message: 'RuntimeError: No CUDA GPUs are available',
    exempt: false,
    report: report(0, 4, 4),
    target: null,
    canRerun: true,
    containers: [],
    inventory,
    ...over,
  };
}

describe('core/cuda-failure/prompt', () => {
  it('cpu fallback: a gentle information notice, never the blocked prompt', () => {
    const p = failurePrompt(input({ kind: 'cpu-fallback', message: 'No GPU/TPU found, falling back to CPU.' }));
    assert.equal(p.severity, 'info');
    assert.notEqual(p.message, failurePrompt(input({})).message);
    assert.match(p.message, /running on the CPU/);
    assert.match(p.message, /You have 4 of 4 GPUs free\./);
    assert.deepEqual(p.actions, ['Deploy Container', "Don't Show Again"]);
  });

  it('cpu fallback of an exempt user: no deploy offer, and re-running in a container when one maps the folder', () => {
    assert.deepEqual(failurePrompt(input({ kind: 'cpu-fallback', exempt: true })).actions, ["Don't Show Again"]);
    const target = { container: container('proj', ['GPU-x']), workdir: '/workspace' };
    // The folder's container has a GPU: re-running there leads (issue 25).
    assert.deepEqual(failurePrompt(input({ kind: 'cpu-fallback', target })).actions, ['Run in My Container', 'Deploy Container', "Don't Show Again"]);
  });

  it('blocked host: the sentence with N of M GPUs free and the actions, no re-run without a container', () => {
    const p = failurePrompt(input({}));
    assert.equal(p.message, 'GPU compute is blocked on this host; it runs inside containers. You have 4 of 4 GPUs free.');
    assert.equal(p.severity, 'warning');
    assert.deepEqual(p.actions, ['Deploy Container', 'Show My Limits', "Don't Show Again"]);
  });

  it('N is what the user may still take, capped by what the host has free; M is the limit', () => {
    assert.equal(freeGpusSentence(report(1, 4, 3)), ' You have 3 of 4 GPUs free.');
    assert.equal(freeGpusSentence(report(1, 4, 1)), ' You have 1 of 4 GPUs free.');
    assert.equal(freeGpusSentence(report(5, 4, 2)), ' You have 0 of 4 GPUs free.');
    assert.equal(freeGpusSentence(report(0, 1, null)), ' You have 1 of 1 GPU free.');
    assert.equal(freeGpusSentence(report(0, null, 2)), '', 'no limit known: no figure');
    assert.equal(freeGpusSentence(null), '');
  });

  it('offers Run in My Container only with a container for the folder and a command to re-run', () => {
    const c = container('proj', []);
    const target = { container: c, workdir: '/workspace' };
    assert.deepEqual(failurePrompt(input({ target })).actions, ['Deploy Container', 'Run in My Container', "Don't Show Again"]);
    assert.deepEqual(failurePrompt(input({ target })).labels, ['Deploy Container', 'Run in proj', "Don't Show Again"], 'the button names the container');
    assert.ok(!failurePrompt(input({ target, canRerun: false })).actions.includes('Run in My Container'));
  });

  it('exempt user: no "blocked" prompt, the check that applies to them', () => {
    const p = failurePrompt(input({ exempt: true }));
    assert.ok(!p.message.includes('blocked on this host'), p.message);
    assert.match(p.message, /exempt/);
    assert.ok(!p.actions.includes('Deploy Container'));
  });

  it('unknown limits (view not read yet) still give the blocked prompt', () => {
    assert.match(failurePrompt(input({ exempt: null, report: null })).message, /^GPU compute is blocked on this host; it runs inside containers\.$/);
  });

  for (const kind of ['out-of-memory', 'driver-mismatch', 'not-compiled-with-cuda', 'illegal-access', 'other-cuda'] as const) {
    it(`${kind}: not reported as blocked, no Deploy`, () => {
      const p = failurePrompt(input({ kind }));
      assert.ok(!p.message.includes('blocked'), p.message);
      assert.equal(p.severity, 'error');
      assert.ok(!p.actions.includes('Deploy Container'));
    });
  }

  it("out of memory: names the processes holding the memory of the container's GPU, largest first", () => {
    const gpu2 = inventory.slots.find((s) => s.id === '2')!.uuid;
    const c = container('proj', [gpu2]);
    const p = failurePrompt(input({ kind: 'out-of-memory', target: { container: c, workdir: '/workspace' } }));
    assert.match(
      p.message,
      /GPU 2 of proj \(30212\/40960 MiB used\): python3 \(pid 51007, 22144 MiB\), \/usr\/local\/bin\/jupyter-lab \(pid 51342, 8060 MiB\)/,
    );
    assert.ok(!p.message.includes('48211'), 'a process on another GPU is not named');
  });

  it('out of memory without a target: the running GPU containers of the user; none: no sentence', () => {
    const gpu0 = inventory.slots.find((s) => s.id === '0')!.uuid;
    assert.match(memoryHoldersSentence({ target: null, containers: [container('a', [gpu0])], inventory }), /GPU 0 of a .*pid 48211/);
    assert.equal(memoryHoldersSentence({ target: null, containers: [], inventory }), '');
    assert.equal(memoryHoldersSentence({ target: null, containers: [container('a', [gpu0])], inventory: null }), '');
  });

  describe('issue 25: at most three buttons, where the GPUs are, Deploy not the main one when only a CPU container could be had', () => {
    const [u0, u1] = inventory.slots.map((x) => x.uuid);
    const train1 = container('train1', [u0], '/home/alice/other');
    const train2 = container('train2', [u1]);

    it('never more than three buttons', () => {
      const target = { container: train2, workdir: '/workspace' };
      for (const kind of ['blocked-host', 'cpu-fallback', 'out-of-memory'] as const) {
        for (const r of [report(0, 2, 4), report(2, 2, 2), report(0, 2, 0)]) {
          const p = failurePrompt(input({ kind, target, report: r, containers: [train1, train2] }));
          assert.ok(p.labels.length <= 3, `${kind}: ${p.labels.join(' | ')}`);
          assert.equal(p.labels.length, p.actions.length);
        }
      }
    });

    it("quota full, both GPUs in the user's containers: says where, and Run in the folder's container leads", () => {
      const target = { container: train2, workdir: '/workspace' };
      const p = failurePrompt(input({ target, report: report(2, 2, 2), containers: [train1, train2] }));
      assert.equal(p.message, 'GPU compute is blocked on this host; it runs inside containers. Both your GPUs are in train1 and train2: run it in train2?');
      assert.deepEqual(p.labels, ['Run in train2', 'Show My Limits', "Don't Show Again"]);
    });

    it('quota full, no container for the folder: Show My Limits first, Deploy says CPU only', () => {
      const p = failurePrompt(input({ report: report(2, 2, 2), containers: [train1, { ...train2, running: false, state: 'exited' }] }));
      assert.match(p.message, /Both your GPUs are in train1 and train2 \(stopped\)\. Retire a stopped one to free its GPU\.$/);
      assert.deepEqual(p.labels, ['Show My Limits', 'Deploy (CPU only)', "Don't Show Again"]);
    });

    it('host full but the quota is not: says so, not "0 of 2 free"', () => {
      const p = failurePrompt(input({ report: report(0, 2, 0) }));
      assert.match(p.message, /No GPU is free on the host now; you may use 2 more when one is\.$/);
      assert.ok(!/0 of 2/.test(p.message));
      assert.equal(p.labels[0], 'Show My Limits');
    });

    it('a GPU free and a GPU container for the folder: Run in it leads, Deploy second', () => {
      const target = { container: train2, workdir: '/workspace' };
      assert.deepEqual(failurePrompt(input({ target, report: report(1, 2, 2) })).labels, ['Run in train2', 'Deploy Container', "Don't Show Again"]);
    });
  });
});
