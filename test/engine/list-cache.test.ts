// The CLI's kept container list on a real dockerd (src/host/engine/list-cache.ts): a run after the first reads the
// engine's event log instead of listing every container, and then sees exactly what a full list shows, whatever
// another client did in between (create, start, stop, rename, remove); a kept list the log cannot vouch for, or
// a file that is not what it wrote, gives way to a full list.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, removeRunContainers, runId, testEngine, uuid, testDocker } from './helpers';
import { connectEngine, type ContainerScan, type Engine } from '../../src/host/engine';
import { fingerprint } from '../../src/host/engine/inspect-cache';

describe('engine: the container list kept between runs and replayed from the event log', function () {
  this.timeout(60000);
  let dir: string;
  const ids: string[] = [];
  /** A new Engine per run, as a new `ds01` process has. */
  const run = async (): Promise<{ e: Engine; scan: ContainerScan; listCalls: number }> => {
    let listCalls = 0;
    const e = testEngine({
      inspectCacheDir: dir,
      onCall: (kind) => {
        if (kind === 'list') listCalls++;
      },
    });
    return { e, scan: await e.scanContainers(), listCalls };
  };
  /** What a full list says now (no kept list), for the run's own containers. */
  const fresh = async () => view(await testEngine().scanContainers());
  const view = (scan: ContainerScan) =>
    [...scan.ds01, ...scan.foreignGpuHolders]
      .filter((c) => c.name.includes(runId))
      .map((c) => `${c.id.slice(0, 12)} ${c.name} ${c.state} ${c.owner} ${c.gpuUuids.join(',')}`)
      .sort();
  const listFile = () => join(dir, `containers-${fingerprint(testEngine().endpoint)}.json`);

  before(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'ds01-lists-')), 'ds01');
    const d = testDocker();
    ids.push(
      (
        await createContainer(d, {
          name: `lc1-${runId}`,
          labels: { 'ds01.managed': 'true', 'ds01.user': 'alice', 'ds01.gpu.uuids': uuid(0) },
          deviceIds: [uuid(0)],
        })
      ).id,
    );
    ids.push((await createContainer(d, { name: `lc2-${runId}._.5201` })).id);
  });
  after(async () => {
    await removeRunContainers(testDocker());
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('lists everything once, then replays: the same containers, no full list', async () => {
    const first = await run();
    assert.equal(first.e.listCache?.lastWay, 'full');
    const second = await run();
    assert.equal(second.e.listCache?.lastWay, 'replayed');
    assert.equal(second.listCalls, 0, 'nothing changed: no list call at all');
    assert.deepEqual(view(second.scan), view(first.scan));
    assert.deepEqual(view(second.scan), await fresh());
  });

  it('follows what another client does between runs: create, start, rename, stop, remove', async () => {
    const d = testDocker();
    await run();
    const added = (
      await createContainer(d, {
        name: `lc3-${runId}`,
        labels: { 'ds01.managed': 'true', 'ds01.user': 'bob', 'ds01.gpu.uuids': uuid(1) },
        deviceIds: [uuid(1)],
      })
    ).id;
    await d.getContainer(ids[0]).start();
    await d.getContainer(ids[1]).rename({ name: `lc2-renamed-${runId}._.5201` });
    let r = await run();
    assert.equal(r.e.listCache?.lastWay, 'replayed');
    assert.equal(r.listCalls, 1, 'one list, filtered to the containers the log named');
    assert.deepEqual(view(r.scan), await fresh());
    assert.ok(view(r.scan).some((v) => v.includes(`lc3-${runId} created bob`)));
    assert.ok(view(r.scan).some((v) => v.includes(`lc1-${runId} running alice`)));
    assert.ok(view(r.scan).some((v) => v.includes(`lc2-renamed-${runId}._.5201`)));

    await d.getContainer(ids[0]).stop({ t: 0 });
    await d.getContainer(added).remove({ force: true });
    r = await run();
    assert.equal(r.e.listCache?.lastWay, 'replayed');
    assert.deepEqual(view(r.scan), await fresh());
    assert.ok(!view(r.scan).some((v) => v.includes(`lc3-${runId}`)), 'the removed container is gone');
    assert.ok(view(r.scan).some((v) => v.includes(`lc1-${runId} exited alice`)));
  });

  it('an anchor the engine no longer has (as after a daemon restart): a full list, then replays again', async () => {
    await run();
    const kept = JSON.parse(readFileSync(listFile(), 'utf8'));
    // An event the engine never logged: the log cannot say what changed since.
    kept.anchor.timeNano = String(BigInt(kept.anchor.timeNano) - 1n);
    kept.entries = kept.entries.filter((e: { Id: string }) => e.Id !== ids[1]);
    writeFileSync(listFile(), JSON.stringify(kept), { mode: 0o600 });
    const r = await run();
    assert.equal(r.e.listCache?.lastWay, 'full');
    assert.deepEqual(view(r.scan), await fresh(), 'the container the kept list had lost is back');
    assert.equal((await run()).e.listCache?.lastWay, 'replayed');
  });

  it('a kept file that is not what it wrote (another format, broken) is ignored: a full list', async () => {
    await run();
    writeFileSync(listFile(), '{"format":1,"endpoint":"x"', { mode: 0o600 });
    const r = await run();
    assert.equal(r.e.listCache?.lastWay, 'full');
    assert.deepEqual(view(r.scan), await fresh());
  });

  it('an engine that will not give its event log (here a 500 from a proxy in front of it): a full list, same answer', async () => {
    await run();
    const engineSocket = testEngine().endpoint.replace('unix://', '');
    const proxyDir = mkdtempSync(join(tmpdir(), 'ds01-events-proxy-'));
    const socket = join(proxyDir, 'docker.sock');
    const server = createServer((req, res) => {
      if (/\/events\?/.test(req.url ?? '')) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'events unavailable' }));
        return;
      }
      const upstream = request({ socketPath: engineSocket, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      // The kept file is per engine address: make the proxy's one from the real engine's, as a run before would have.
      const endpoint = `unix://${socket}`;
      const kept = JSON.parse(readFileSync(listFile(), 'utf8'));
      writeFileSync(join(dir, `containers-${fingerprint(endpoint)}.json`), JSON.stringify({ ...kept, endpoint }), { mode: 0o600 });
      const e = connectEngine({ dockerHost: endpoint, inspectCacheDir: dir });
      const scan = await e.scanContainers();
      assert.equal(e.listCache?.lastWay, 'full');
      assert.deepEqual(view(scan), await fresh());
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(proxyDir, { recursive: true, force: true });
    }
  });

  it("the extension's engine (no cache folder) keeps no list: every scan lists everything", async () => {
    const e = testEngine();
    assert.equal(e.listCache, null);
  });
});
