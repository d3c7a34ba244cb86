// The tree's model reads the host when the state changes, never when the tree draws (there is no tree here):
// the idle clock moves with the GPU readings, and this user's waiting requests come from the real queue folder.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GpuInventory, KnownUser } from '../../../src/core/model';
import { joinQueue, prepareQueueDir } from '../../../src/host/allocation/gpu-queue';
import type { UserView } from '../../../src/host/users/view';
import { TreeModel } from '../../../src/extension/tree-model/tree-model';
import { UserImages } from '../../../src/extension/tree-model/user-images';
import { ds01Container, fullGpus } from '../helpers/records';

const MIN = 60_000;
const slots = fullGpus(2);
const inventory: GpuInventory = {
  driverVersion: null,
  cudaVersion: null,
  processes: [],
  slots,
  gpus: slots.map((s) => ({
    index: s.gpuIndex,
    uuid: s.uuid,
    name: s.model,
    migEnabled: false,
    memoryTotalMiB: 40960,
    memoryUsedMiB: 0,
    utilizationPercent: 0,
    migSlots: [],
  })),
};
const holder = ds01Container('holder', { gpuUuids: [slots[1].uuid] });
const cpuOnly = ds01Container('cpu-only');
const user = { name: 'alice', sanitized: 'alice', uid: process.getuid?.() ?? 1000, gid: 1000, accounts: new Set<string>() } as KnownUser;

function viewOf(over: Partial<UserView> = {}): UserView {
  return { engineView: {}, engineProblem: null, inventory, containers: [holder, cpuOnly], ...over } as unknown as UserView;
}

describe('extension/tree-model', () => {
  let dir: string;
  let now: number;
  let threshold: number;
  let view: UserView;
  let model: TreeModel;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds01-tree-model-'));
    now = Date.UTC(2026, 0, 1, 9);
    threshold = 30;
    view = viewOf();
    const state = {
      get view() {
        return view;
      },
      env: { DS01_ROOT: dir, DS01_STATE_DIR: dir },
      user,
      engine: undefined as never,
    };
    model = new TreeModel(state, { idleGpuMinutes: () => threshold, imagesRead: () => undefined, now: () => now });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const idleText = (id: string) => model.activity(id)?.idle?.tooltip ?? null;

  it('"idle for N min" moves with the GPU readings (refresh), not with the time it is looked at', () => {
    model.refresh();
    assert.equal(idleText(holder.id), null, 'the clock starts at the first reading that sees no process');
    now += 31 * MIN;
    model.refresh();
    assert.match(idleText(holder.id) ?? '', /^Idle GPU: holds GPU 1 with no process on it for 31 min\./);
    assert.equal(model.activity(holder.id)?.idle?.badge, 'idle GPU');
    now += 14 * MIN;
    assert.match(idleText(holder.id) ?? '', /for 31 min\./, 'no reading since: the note stays as read');
    model.refresh();
    assert.match(idleText(holder.id) ?? '', /for 45 min\./);
    assert.equal(idleText(cpuOnly.id), null, 'a container without a GPU is never idle');
    assert.deepEqual(model.activity(cpuOnly.id)?.activity.gpuProcesses, []);
  });

  it('the idle setting applies at the next reading; no inventory: no figures and the clock goes on', () => {
    model.refresh();
    now += 40 * MIN;
    threshold = 60;
    model.refresh();
    assert.equal(idleText(holder.id), null, 'under the new threshold');
    view = viewOf({ inventory: null });
    model.refresh();
    assert.equal(model.activity(holder.id), null);
    view = viewOf();
    now += 25 * MIN;
    model.refresh();
    assert.match(idleText(holder.id) ?? '', /for 65 min\./, 'a reading without nvidia-smi neither starts nor stops the clock');
  });

  it("this user's requests in the queue folder, with their place; none read without the engine's view", () => {
    model.refresh();
    assert.deepEqual(model.waiting, [], 'no queue folder: nobody waits');
    const queue = prepareQueueDir(dir);
    const ticket = joinQueue(queue, { user: user.name, uid: user.uid, gpus: 2, name: 'train', createdBy: 'cli', until: Date.now() + 3_600_000 });
    try {
      model.refresh();
      assert.deepEqual(model.waiting, [{ id: ticket.id, name: 'train', gpus: 2, position: 1 }]);
      view = viewOf({ engineProblem: { kind: 'engine-unreachable', message: 'down' } });
      model.refresh();
      assert.deepEqual(model.waiting, []);
      assert.equal(model.activity(holder.id), null);
    } finally {
      ticket.leave();
    }
  });

  it('where the limits file is, as of the latest refresh', () => {
    assert.equal(model.configFile, join(dir, 'config', 'runtime', 'resource-limits.yaml'));
    assert.deepEqual(model.configCandidates, [join(dir, 'config', 'runtime', 'resource-limits.yaml'), join(dir, 'config', 'resource-limits.yaml')]);
  });
});

describe('extension/tree-model/user-images', () => {
  it('reads nothing until the view has been shown, then at once and on each change', async () => {
    let reads = 0;
    // No engine: a read would end in its problem, so `problem` tells whether one was started.
    const images = new UserImages({ engine: undefined as never, user }, () => {
      reads += 1;
    });
    images.invalidate();
    images.update(false);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual([reads, images.rows, images.problem], [0, null, null], 'a window whose view never showed reads no images');
    images.update(true);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(reads, 1);
    assert.equal(images.problem?.kind, 'internal');
    images.update(false);
    images.invalidate();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(reads, 2, 'once shown, a change is read even while the view is hidden');
  });
});
