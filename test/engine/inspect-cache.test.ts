// The inspect cache on a real dockerd: a second run (a new Engine, as a new `ds01` process is) inspects only
// containers it has not seen, answers exactly as with fresh inspects, follows state changes, forgets removed
// containers, and ignores a kept file that is not what it wrote.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, removeRunContainers, runId, testEngine, uuid, testDocker } from './helpers';
import type { ContainerScan } from '../../src/host/engine';

const byId = (scan: ContainerScan) => new Map([...scan.ds01, ...scan.foreignGpuHolders].map((c) => [c.id, c]));

describe('engine: inspects kept between runs', function () {
  this.timeout(60000);
  let dir: string;
  const ids: string[] = [];
  const engine = () => testEngine({ inspectCacheDir: dir });
  const mine = (scan: ContainerScan) => new Map([...byId(scan)].filter(([id]) => ids.includes(id)));

  before(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'ds01-inspects-')), 'ds01');
    const d = testDocker();
    // No DS01 labels: only an inspect says who owns them (AIME name, cgroup slice) and which GPUs they hold.
    ids.push((await createContainer(d, { name: `ic1-${runId}._.5101`, deviceIds: [uuid(0)] })).id);
    ids.push((await createContainer(d, { name: `ic2-${runId}`, cgroupParent: `ds01-student-ic${runId}.slice`, deviceIds: [uuid(1)] })).id);
    ids.push((await createContainer(d, { name: `ic3-${runId}-foreign`, deviceIds: [uuid(2)] })).id);
  });
  after(async () => {
    await removeRunContainers(testDocker());
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('inspects once, then answers the next run from the kept file with the same result', async () => {
    const first = engine();
    const a = await first.scanContainers();
    assert.ok(a.inspected >= 3);
    const second = engine();
    const b = await second.scanContainers();
    assert.equal(second.calls.inspect, 0, 'nothing new to inspect');
    assert.equal(b.fromInspectCache, a.inspected);
    assert.deepEqual(mine(b), mine(a));
    assert.equal(mine(b).get(ids[0])?.owner, 'uid:5101');
    assert.deepEqual(mine(b).get(ids[2])?.gpuUuids, [uuid(2)]);
  });

  it('takes state from the list, inspects only new containers, and forgets removed ones', async () => {
    const d = testDocker();
    await d.getContainer(ids[0]).start();
    const added = (await createContainer(d, { name: `ic4-${runId}._.5104`, deviceIds: [uuid(3)] })).id;
    await d.getContainer(ids[2]).remove({ force: true });
    const removed = ids.splice(2, 1)[0];
    ids.push(added);
    const inspected: string[] = [];
    const e = testEngine({
      inspectCacheDir: dir,
      onCall: (kind, id) => {
        if (kind === 'inspect' && id) inspected.push(id);
      },
    });
    const scan = await e.scanContainers();
    assert.ok(inspected.includes(added));
    assert.ok(!inspected.includes(ids[0]) && !inspected.includes(ids[1]));
    assert.equal(mine(scan).get(ids[0])?.state, 'running');
    const [file] = readdirSync(dir).filter((f) => f.startsWith('inspects-'));
    const kept = readFileSync(join(dir, file), 'utf8');
    assert.ok(kept.includes(added) && !kept.includes(removed));
  });

  it('ignores a kept file that does not check out, and inspects again', async () => {
    const [file] = readdirSync(dir).filter((f) => f.startsWith('inspects-'));
    const kept = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    kept.entries[ids[0]].HostConfig = { DeviceRequests: 'all of them' };
    writeFileSync(join(dir, file), JSON.stringify(kept), { mode: 0o600 });
    const e = engine();
    const scan = await e.scanContainers();
    assert.ok(e.calls.inspect >= 3);
    assert.deepEqual(mine(scan).get(ids[0])?.gpuUuids, [uuid(0)]);
  });
});
