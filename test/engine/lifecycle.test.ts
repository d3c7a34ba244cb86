// Lifecycle on real containers: StartedAt/FinishedAt from the engine feed the model, and the keep-alive file
// written through the engine is what the host's own idle check sees (`docker exec C test -f ...`, its words).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseHostSchedule } from '../../src/core/lifecycle';
import { isProblemError } from '../../src/core/problem';
import { containerLifecycleView, lifecycleInputs, readKeepAlive, setKeepAlive, type LifecycleSources } from '../../src/host/lifecycle';
import { fixtureSources } from '../unit/core/limits/fixtures';
import { IMAGE, RUN_LABEL, removeRunContainers, runId, testEngine, uuid, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';
import { readJson } from './cli-contract';
import { containerListJson } from '../../src/core/cli-contracts/containers';

const docker = testDocker();

const engine = testEngine();
const user = testUser({ name: 'bob', sanitized: 'bob' });
const CRON =
  '20 * * * * root /opt/ds01-infra/scripts/monitoring/check-idle-containers.sh\n35 * * * * root /opt/ds01-infra/scripts/maintenance/enforce-max-runtime.sh\n5 * * * * root /opt/ds01-infra/scripts/maintenance/cleanup-stale-gpu-allocations.sh\n';
const src: LifecycleSources = {
  limits: fixtureSources('2026-07'),
  files: { exemptions: null, schedule: parseHostSchedule([CRON]), scheduleSource: 'test' },
  highDemand: false,
};

async function make(name: string, labels: Record<string, string>, gpu: boolean, cmd = ['sleep', '100000']) {
  const ws = mkdtempSync(join(tmpdir(), 'ds01-ka-'));
  const c = await docker.createContainer({
    name,
    Image: IMAGE,
    Cmd: cmd,
    Labels: { ...labels, [RUN_LABEL]: runId },
    HostConfig: {
      NetworkMode: 'none',
      Binds: [`${ws}:/workspace`],
      DeviceRequests: gpu ? [{ Driver: 'nvidia', Count: 0, DeviceIDs: [uuid(0)], Capabilities: [['gpu']], Options: {} }] : undefined,
    },
  });
  await c.start();
  if (cmd[0] !== 'sleep') return c;
  // The test image links only a few busybox tools; add the ones the host's check and keep-alive use.
  for (const tool of ['touch', 'rm', 'test', 'find']) {
    const e = await c.exec({ Cmd: ['/bin/busybox', 'ln', '-sf', 'busybox', `/bin/${tool}`] });
    await e.start({ hijack: true, stdin: false }).then(
      (s) =>
        new Promise((r) => {
          s.on('end', r);
          s.resume();
        }),
    );
  }
  return c;
}

async function own(id: string) {
  const all = await engine.listDs01Containers();
  const c = all.find((x) => x.id === id);
  assert.ok(c, 'the container is listed');
  return c;
}

/** The host's own check, as check-idle-containers.sh runs it. */
function hostSeesKeepAlive(name: string): boolean {
  return spawnSync('docker', ['exec', name, 'test', '-f', '/workspace/.keep-alive']).status === 0;
}

describe('lifecycle on a real engine', () => {
  after(async () => {
    await removeRunContainers(docker);
  });

  for (const [how, labels] of [
    ['ds01.interface=orchestration + ds01.client', { 'ds01.user': 'bob', 'ds01.managed': 'true', 'ds01.interface': 'orchestration', 'ds01.client': 'vscode' }],
    ['ds01.container_type=atomic', { 'ds01.user': 'bob', 'ds01.managed': 'true', 'ds01.container_type': 'atomic' }],
  ] as const) {
    it(`a running GPU container labelled ${how}: runtime limit from the engine's StartedAt, own limits`, async () => {
      const c = await make(`${runId}-lc-${how.length}`, labels, true);
      const info = await c.inspect();
      const view = await containerLifecycleView(engine, await own(c.id), user, src, new Date());
      assert.equal(view.lifecycle.type, how.startsWith('ds01.interface') ? 'orchestration' : 'atomic');
      assert.equal(view.lifecycle.idleTimeoutSeconds, 3600, "bob's researcher idle timeout");
      assert.equal(view.lifecycle.maxRuntimeSeconds, 48 * 3600);
      const started = Math.floor(new Date(info.State.StartedAt).getTime() / 1000);
      assert.equal(view.lifecycle.runtimeLimitAt, new Date((started + 48 * 3600) * 1000).toISOString());
      assert.equal(new Date(view.lifecycle.enforcementAt!).getUTCMinutes(), 35);
      assert.equal(view.lifecycle.keepAliveUntil, null);
    });
  }

  it("keep-alive written through the engine is seen by the host's own check, and --off removes it", async function () {
    if (spawnSync('docker', ['version']).status !== 0) {
      console.log("      NOT RUN: no docker CLI to run the host's check with");
      this.skip();
    }
    const name = `${runId}-ka`;
    const c = await make(name, { 'ds01.user': 'bob', 'ds01.interface': 'orchestration' }, true);
    assert.equal(hostSeesKeepAlive(name), false);
    const before = Date.now();
    const r = await setKeepAlive(engine, user, name, true, src);
    assert.equal(hostSeesKeepAlive(name), true);
    const ka = await readKeepAlive(engine, c.id);
    assert.equal(ka.kind, 'present');
    if (ka.kind === 'present') assert.ok(Math.abs(ka.modifiedAt.getTime() - before) < 60_000, 'mtime from the archive stat is now');
    assert.ok(r.until && Math.abs(r.until.getTime() - before - 24 * 3600_000) < 60_000);
    const view = await containerLifecycleView(engine, await own(c.id), user, src, new Date());
    assert.equal(view.lifecycle.keepAliveUntil, r.until!.toISOString());
    // The host's expiry test: not older than 24 h yet.
    assert.equal(execFileSync('docker', ['exec', name, 'find', '/workspace/.keep-alive', '-mmin', '+1440'], { encoding: 'utf8' }).trim(), '');
    await setKeepAlive(engine, user, name, false, src);
    assert.equal(hostSeesKeepAlive(name), false);
  });

  it('refuses keep-alive where the host would ignore it: no GPU (no idle stop)', async () => {
    const name = `${runId}-ka-cpu`;
    await make(name, { 'ds01.user': 'bob', 'ds01.interface': 'orchestration' }, false);
    await assert.rejects(
      setKeepAlive(engine, user, name, true, src),
      (e: unknown) => isProblemError(e) && e.problem.kind === 'keep-alive-ignored' && /not subject to the idle stop/.test(e.problem.message),
    );
    assert.equal(hostSeesKeepAlive(name), false);
  });

  it("a stopped orchestration GPU container: GPU held for gpu_hold_after_stop (0.25 h) like any other, as the host's allocator does", async () => {
    const c = await make(`${runId}-stopped`, { 'ds01.user': 'bob', 'ds01.interface': 'orchestration' }, true, ['true']);
    await c.wait();
    const info = await c.inspect();
    const finished = new Date(info.State.FinishedAt);
    const view = await containerLifecycleView(engine, await own(c.id), user, src, finished);
    const release = new Date(view.lifecycle.gpuReleaseAt!);
    assert.equal(release.getUTCMinutes(), 5);
    // Its _get_container_interface always answers docker (issue 21): no release at the next run.
    assert.ok(
      release.getTime() - finished.getTime() > 900_000 && release.getTime() - finished.getTime() <= 900_000 + 3600_000,
      `${finished.toISOString()} -> ${release.toISOString()}`,
    );
    assert.ok(new Date(view.lifecycle.removeAt!) <= release);
    assert.equal(view.lifecycle.runtimeLimitAt, null);
  });

  it('a rescan reads each container once (one inspect, one keep-alive stat) and shows a stop at once', async () => {
    const made = await Promise.all(
      [0, 1, 2].map((i) => make(`${runId}-kept-${i}`, { 'ds01.user': 'bob', 'ds01.interface': 'orchestration' }, true, ['/bin/busybox', 'sleep', '100000'])),
    );
    const ids = made.map((c) => c.id);
    const counted = testEngine();
    // The list comes from another connection: only the lifecycle's own calls are counted.
    const rescan = async () => {
      const listed = (await engine.listDs01Containers()).filter((c) => ids.includes(c.id));
      const before = { ...counted.calls };
      const inputs = await Promise.all(listed.map((c) => lifecycleInputs(counted, c, user, src)));
      return { inputs, inspect: counted.calls.inspect - before.inspect, stat: counted.calls.other - before.other };
    };
    const first = await rescan();
    assert.deepEqual([first.inspect, first.stat], [3, 3]);
    assert.ok(first.inputs.every((i) => i.run.startedAt && !i.run.finishedAt));
    console.log(`ds01-figure lifecycle rescan of 3 containers: ${first.inspect + first.stat} engine calls`);

    // Nothing is kept between rescans: the stop shows at the next one, with no event followed.
    await made[1].stop({ t: 0 });
    const second = await rescan();
    assert.deepEqual([second.inspect, second.stat], [3, 3]);
    assert.ok(second.inputs.find((i) => i.container.name === `${runId}-kept-1`)!.run.finishedAt);
  });
});

describe('ds01 container list / keep-alive as real processes', function () {
  this.timeout(60_000);
  const ROOT = join(__dirname, '../..');
  const CONFIG = join(ROOT, 'test/fixtures/hosts/ds01-2026-07/config/runtime/resource-limits.yaml');
  const cronDir = mkdtempSync(join(tmpdir(), 'ds01-cron-'));
  // The CLI acts for the user running it (another user needs root and a real account); the `._.<uid>` suffix
  // is that user's uid, which decides ownership before any name (issue 15).
  const who = userInfo().username;
  function cli(args: string[]) {
    return spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args, '--config', CONFIG], {
      env: { ...process.env, DS01_CRON_DIR: cronDir, NO_COLOR: '1', DS01_NVIDIA_SMI: '/nonexistent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
  }
  before(async () => {
    writeFileSync(join(cronDir, 'ds01-maintenance'), CRON);
    await make(
      `${runId}-cli._.${process.getuid!()}`,
      { 'ds01.user': who, 'ds01.managed': 'true', 'ds01.interface': 'orchestration', 'ds01.client': 'cli', 'ds01.gpu.uuids': uuid(1) },
      true,
    );
  });
  after(async () => {
    await removeRunContainers(docker);
  });

  it("--json gives each container `lifecycle` with exactly the issue's fields; the table has a NEXT column", () => {
    const r = cli(['container', 'list', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const c = readJson(containerListJson, r.stdout).containers.find((x) => x.name === `${runId}-cli._.${process.getuid!()}`)!;
    assert.ok(c.lifecycle, 'a limits file: a lifecycle');
    assert.deepEqual(Object.keys(c.lifecycle), [
      'type',
      'idleTimeoutSeconds',
      'maxRuntimeSeconds',
      'runtimeLimitAt',
      'enforcementAt',
      'keepAliveUntil',
      'gpuReleaseAt',
      'removeAt',
    ]);
    assert.equal(c.lifecycle.type, 'orchestration');
    assert.equal(c.lifecycle.idleTimeoutSeconds, 1800, 'not in a group: student, defaults idle 0.5 h');
    assert.equal(new Date(String(c.lifecycle.enforcementAt)).getUTCMinutes(), 35);
    assert.equal(c.lifecycle.gpuReleaseAt, null);
    const t = cli(['container', 'list']);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /NEXT/);
    assert.match(t.stdout, /idle stop after 30m idle/);
  });

  it('keep-alive turns the idle rule into "kept alive until", --off back', () => {
    const on = cli(['container', 'keep-alive', `${runId}-cli`]);
    assert.equal(on.status, 0, on.stderr);
    assert.match(on.stdout, /skips its idle stop until/);
    assert.match(cli(['container', 'list']).stdout, /kept alive until (\w{3} )?\d\d:\d\d/);
    assert.equal(cli(['container', 'keep-alive', `${runId}-cli`, '--off']).status, 0);
    assert.match(cli(['container', 'list']).stdout, /idle stop after 30m idle/);
  });
});
