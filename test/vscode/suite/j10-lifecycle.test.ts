// The host's lifecycle in the editor: the countdown in the container row, a warning before the host's
// enforcement run (shown once, with the clock moved through the test API's hook), the status bar's warning
// colour while it is pending, an unasked stop explained from the host's event log, and host alerts once.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { api, docker, gpuUuids, hostDir, removeAllContainers, waitFor, BUSYBOX } from './ds01';

async function ourGpuContainer(name: string): Promise<{ id: string; hostName: string }> {
  const user = userInfo();
  const hostName = `${name}._.${user.uid}`;
  const gpu = gpuUuids()[0];
  const c = await docker().createContainer({
    name: hostName,
    Image: BUSYBOX,
    Cmd: ['sleep', '100000'],
    Labels: {
      'ds01.managed': 'true',
      'ds01.user': user.username,
      'ds01.name': name,
      'ds01.interface': 'orchestration',
      'ds01.client': 'vscode',
      'ds01.gpu.uuids': gpu,
    },
    HostConfig: { NetworkMode: 'none', DeviceRequests: [{ Driver: 'nvidia', Count: 0, DeviceIDs: [gpu], Capabilities: [['gpu']], Options: {} }] },
  });
  await c.start();
  return { id: c.id, hostName };
}

describe('lifecycle: countdown, warning, unasked stop, host alerts', () => {
  before(async () => {
    await removeAllContainers();
  });
  after(async () => {
    (await api()).lifecycle.setNow(null);
    await removeAllContainers();
  });

  it('counts down to the runtime stop and warns once before the enforcement run, with the status bar in warning colour', async () => {
    const ds01 = await api();
    const { id } = await ourGpuContainer('lc-run');
    // The first scan may see it created (not yet started): wait for the running one.
    const lc = await waitFor('the lifecycle of the running container', () => {
      const v = ds01.lifecycle.views()[id];
      return v?.runtimeLimitAt ? v : undefined;
    });
    assert.equal(lc.type, 'orchestration');
    assert.equal(lc.maxRuntimeSeconds, 24 * 3600);
    assert.equal(lc.idleTimeoutSeconds, 1800);
    const enforcement = new Date(lc.enforcementAt!);
    assert.equal(enforcement.getUTCMinutes(), 35, `the enforcement run of the cron file: ${JSON.stringify(lc)} cron dir ${process.env.DS01_CRON_DIR}`);
    const row = await waitFor('the row with the idle rule', () =>
      ds01.treeRows().find((r) => r.id === `container/${id}` && r.description.includes('idle stop after 30m idle')),
    );
    assert.match(row.description, /^1 GPU: GPU 0 · running · /);
    assert.equal(ds01.statusBar().background, undefined);

    // A rescan reads the container afresh: one inspect (its times) and one archive stat (the keep-alive file).
    await ds01.lifecycle.refresh();
    const callsBefore = ds01.counters().lifecycleEngineCalls;
    await ds01.lifecycle.refresh();
    const rescanCalls = ds01.counters().lifecycleEngineCalls - callsBefore;
    console.log(`ds01-figure lifecycle rescan of 1 running container: ${rescanCalls} engine call(s)`);
    assert.equal(rescanCalls, 2);

    const before = ds01.lifecycle.notices().length;
    ds01.lifecycle.setNow(new Date(enforcement.getTime() - 10 * 60_000));
    const counted = await waitFor('the countdown in the row', () =>
      ds01.treeRows().find((r) => r.id === `container/${id}` && /runtime ends \d\d:\d\d · 10m left/.test(r.description)),
    );
    assert.ok(counted);
    const warning = await waitFor('the warning notification', () =>
      ds01.lifecycle
        .notices()
        .slice(before)
        .find((n) => n.kind === 'warning' && n.containerId === id),
    );
    assert.equal(warning.stage, 'runtime-stop');
    assert.match(warning.message, /the host stops lc-run at \d\d:\d\d, in 10m: its max runtime is reached/);
    assert.deepEqual(warning.actions, ['Open Terminal', 'Retire']);
    await waitFor('the status bar warning colour', () => ds01.statusBar().background === 'statusBarItem.warningBackground');
    assert.match(ds01.statusBar().tooltip, /the host stops lc\\?-run at \d\d:\d\d/);

    ds01.lifecycle.setNow(new Date(enforcement.getTime() - 5 * 60_000));
    await waitFor('the row at 5m left', () => ds01.treeRows().find((r) => r.id === `container/${id}` && r.description.includes('5m left')));
    assert.equal(ds01.lifecycle.notices().filter((n) => n.containerId === id && n.stage === 'runtime-stop').length, 1, 'once per container and stage');

    ds01.lifecycle.setNow(null);
    await waitFor('the normal colour again', () => ds01.statusBar().background === undefined);
  });

  it('says why a container stopped when the host stopped it (its event log), with Start Again', async () => {
    const ds01 = await api();
    const { id, hostName } = await ourGpuContainer('lc-killed');
    await waitFor('the container in the tree', () => ds01.treeRows().find((r) => r.id === `container/${id}`));
    await waitFor('its lifecycle', () => ds01.lifecycle.views()[id]);
    const log = join(hostDir(), 'log');
    mkdirSync(log, { recursive: true });
    appendFileSync(
      join(log, 'events.jsonl'),
      `${JSON.stringify({
        timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        event_type: 'maintenance.runtime_kill',
        schema_version: '1',
        user: userInfo().username,
        source: 'enforce-max-runtime',
        details: { container: hostName, runtime: '24h', max_runtime: 'configured_limit', container_type: 'orchestration' },
      })}\n`,
    );
    await docker().getContainer(id).stop({ t: 0 });
    const notice = await waitFor('the stop notice', () => ds01.lifecycle.notices().find((n) => n.kind === 'stopped' && n.containerId === id));
    assert.match(notice.message, /lc-killed stopped: stopped by the host's max-runtime enforcement after 24h \(the host's event log\)/);
    assert.deepEqual(notice.actions, ['Start Again']);
  });

  it("shows each of the host's alerts for the user once", async () => {
    const ds01 = await api();
    const dir = join(hostDir(), 'state', 'alerts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${userInfo().username}.json`),
      JSON.stringify([{ type: 'gpu_available', message: 'GPU now available! Run: container-deploy x', created_at: '2026-12-04T10:00:00Z' }]),
    );
    const shown = () => ds01.lifecycle.notices().filter((n) => n.kind === 'alert');
    // The alerts folder is watched, and Refresh reads the host again: twice, still one notification.
    await vscode.commands.executeCommand('ds01.refresh');
    await waitFor('the alert', () => shown().length > 0);
    await vscode.commands.executeCommand('ds01.refresh');
    await new Promise((r) => setTimeout(r, 500));
    const alerts = shown();
    assert.equal(alerts.length, 1);
    assert.match(alerts[0].message, /GPU now available/);
  });
});
