// Containers made through DS01's docker wrapper (scripts/docker/docker-wrapper.sh: Dev Containers and
// `docker run --gpus` on the host), labelled exactly as it labels them: ds01.user, ds01.managed,
// ds01.container_type, ds01.created_at (date -Iseconds), and when it allocated GPUs ds01.gpu_slot (the
// allocator's DOCKER_ID, or DOCKER_IDS comma-joined for several) plus ds01.gpu_ephemeral; its
// --cgroup-parent; --gpus rewritten to device=<the same UUIDs>. No ds01.gpu.uuids, no ds01.name.
import { strict as assert } from 'node:assert';
import { loadUserUsage } from '../../src/host/engine';
import { hostFunction, oracleMissing, runHostFunctions } from './host-oracle';
import { runId, runSlots, specContainers, uuid, type TestContainer } from './helpers';
import { testUser } from '../unit/helpers/records';

const user = testUser({ name: `${runId}-devc`, sanitized: `${runId}-devc` });
const createdAt = '2026-12-04T17:30:46+00:00';

function wrapperLabels(type: string, gpuSlot: string | null, extra: Record<string, string> = {}): Record<string, string> {
  const labels: Record<string, string> = {
    ...extra,
    'ds01.user': user.name,
    'ds01.managed': 'true',
    'ds01.container_type': type,
    'ds01.created_at': createdAt,
  };
  if (gpuSlot !== null) Object.assign(labels, { 'ds01.gpu_slot': gpuSlot, 'ds01.gpu_ephemeral': 'true' });
  return labels;
}

const devcontainer = (folder: string) => ({
  'devcontainer.local_folder': folder,
  'devcontainer.config_file': `${folder}/.devcontainer/devcontainer.json`,
});

const specs: Record<string, TestContainer> = {
  // Dev Containers reopening /home/<user>/thesis-model in a container: a generated engine name.
  devc: {
    name: `${runId}_vsc_thesis`,
    labels: wrapperLabels('devcontainer', uuid(0), devcontainer(`/home/${user.name}/thesis-model/`)),
    deviceIds: [uuid(0)],
    cgroupParent: `ds01-student-${user.sanitized}.slice`,
    state: 'running',
  },
  // `docker run --gpus 2 --name train ...`: allocate-multi, two UUIDs in one label.
  multi: {
    name: `${runId}-train`,
    labels: wrapperLabels('docker', `${uuid(1)},${uuid(2)}`),
    deviceIds: [uuid(1), uuid(2)],
    cgroupParent: `ds01-student-${user.sanitized}.slice`,
    state: 'exited',
  },
};

describe("engine: containers made through the host's docker wrapper", function () {
  const { engine, ids, inspected } = specContainers(specs);

  it('are read from the list alone: no inspect, their GPUs from ds01.gpu_slot, named by their project folder', async () => {
    inspected.length = 0;
    const report = await loadUserUsage(engine, user, { slots: runSlots, gpus: [] });
    assert.deepEqual(
      Object.keys(ids).filter((k) => inspected.includes(ids[k])),
      [],
      'wrapper containers inspected',
    );
    assert.deepEqual(report.usage, { slots: 3, equivalents: 3, containers: 2, running: 1, slotIds: ['0', '1', '2'] });
    const byId = new Map(report.containers.map((c) => [c.id, c]));
    assert.equal(byId.get(ids.devc)!.displayName, 'thesis-model');
    assert.deepEqual(byId.get(ids.devc)!.gpuUuids, [uuid(0)]);
    assert.equal(byId.get(ids.multi)!.displayName, `${runId}-train`, 'no project folder: the engine name');
    assert.deepEqual(
      report.freeSlots?.map((s) => s.id),
      ['3', '4', '5'],
    );
  });

  it("have the owner the host's own get_container_owner reads", function () {
    const missing = oracleMissing();
    if (missing) {
      console.log(`      NOT RUN: ${missing}`);
      this.skip();
    }
    const fn = hostFunction('scripts/monitoring/check-idle-containers.sh', 'get_container_owner');
    for (const key of Object.keys(ids)) {
      assert.equal(runHostFunctions([fn], `get_container_owner ${ids[key]}`, process.env.DOCKER_HOST!), user.name, key);
    }
  });
});
