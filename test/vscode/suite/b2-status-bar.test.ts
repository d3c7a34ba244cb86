// The status bar and the tree for the test user at 0, at 80% (4 of 5 containers) and at the limit (5 of 5),
// with real containers created (not started) on the private engine, holding GPUs of the recorded host.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { requestScreenshot } from './browser';
import { api, BUSYBOX, createHolder, docker, gpuUuids, removeAllContainers, REPO, statusText, waitFor } from './ds01';

const STATUS_SELECTOR = '[id="ds01.ds01-gpu-host.ds01.status"]';

describe('status bar and tree', () => {
  before(async () => {
    await removeAllContainers();
  });
  after(async () => {
    await removeAllContainers();
  });

  it('at 0: no colour, tooltip with group, GPUs, lifecycle and free GPUs, one line per fact', async () => {
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    const bar = await waitFor('the tooltip with the GPU reading', () => ds01.statusBar().tooltip.includes('Free GPUs now | 4 of 4') && ds01.statusBar());
    assert.equal(bar.background, undefined);
    for (const part of [
      '| Group | student |',
      '| GPUs | 0/4 |',
      'Per container | 2 GPUs',
      'Containers | 0/5 (0 running',
      'Idle timeout | 30m, then 3 idle hourly checks in a row',
      'Max runtime | 24h',
      'After stop | removed after 15m with a GPU, 30m without',
      'Free GPUs now | 4 of 4',
    ]) {
      assert.ok(bar.tooltip.includes(part), `tooltip lacks ${JSON.stringify(part)}:\n${bar.tooltip}`);
    }
    // Whole GPUs: the quota in GPU-equivalents says the same as the GPU count, so it is not a second line.
    assert.ok(!bar.tooltip.includes('GPU quota'), bar.tooltip);
  });

  it('at 80% of the container limit (4 of 5, two holding GPUs 0 and 1): no colour (a state, not a warning)', async () => {
    const ds01 = await api();
    const [g0, g1] = gpuUuids();
    await createHolder('warm-a', [g0]);
    await createHolder('warm-b', [g1]);
    await createHolder('cpu-c');
    await createHolder('cpu-d');
    await statusText(ds01, '$(chip) GPU 2/4 · containers 4/5');
    assert.equal(ds01.statusBar().background, undefined);
    assert.match(ds01.statusBar().tooltip, /Free GPUs now \| 2 of 4/);
  });

  it('shows the same numbers in the tree: limits, containers with slots, GPUs as yours / free', async () => {
    const ds01 = await api();
    const [g0, g1, g2] = gpuUuids();
    const rows = await waitFor('four container rows', () => {
      const r = ds01.treeRows();
      return r.filter((x) => x.id.startsWith('container/')).length === 4 && r;
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(byId.get('limits/gpus')?.description, '2/4: GPU 0, GPU 1');
    assert.equal(byId.get('limits/containers')?.description, '4/5 (0 running; stopped count)');
    assert.equal(byId.get('limits/host')?.description, '2 of 4');
    const containers = rows.filter((r) => r.id.startsWith('container/'));
    assert.deepEqual(containers.map((r) => r.label).sort(), ['cpu-c', 'cpu-d', 'warm-a', 'warm-b']);
    // After slots and state, the row may add the host's next lifecycle event (test j10).
    assert.match(containers.find((r) => r.label === 'warm-a')?.description ?? '', /^1 GPU: GPU 0 · created( · |$)/);
    assert.match(containers.find((r) => r.label === 'cpu-c')?.description ?? '', /^no GPU · created( · |$)/);
    assert.equal(containers.find((r) => r.label === 'warm-a')?.contextValue, 'ds01.container.stopped');
    assert.match(byId.get(`gpu/${g0}`)?.description ?? '', /^yours · /);
    assert.match(byId.get(`gpu/${g1}`)?.description ?? '', /^yours · /);
    assert.match(byId.get(`gpu/${g2}`)?.description ?? '', /^free · A100-PCIE-40GB · \d+\/40960 MiB/);
    assert.ok(
      rows.every((r) => !/problem/.test(r.id)),
      'no error rows',
    );
  });

  it('status bar with its tooltip and the tree, as a user sees them @browser', async () => {
    await vscode.commands.executeCommand('ds01.tree.focus');
    const tree = await requestScreenshot({ file: 'screenshot-tree.png', waitMs: 1500 });
    const status = await requestScreenshot({ file: 'screenshot-status.png', hover: STATUS_SELECTOR, waitMs: 2500 });
    // Kept for the README when asked for (DS01_UPDATE_MEDIA=1 test/vscode/run.sh).
    if (process.env.DS01_UPDATE_MEDIA === '1') {
      mkdirSync(join(REPO, 'media'), { recursive: true });
      copyFileSync(tree, join(REPO, 'media', 'screenshot-tree.png'));
      copyFileSync(status, join(REPO, 'media', 'screenshot-status.png'));
    }
  });

  it('at the limit (5 of 5): no error colour; a refused Deploy turns it to the warning colour, with the reason', async () => {
    const ds01 = await api();
    await createHolder('full-e');
    await statusText(ds01, '$(chip) GPU 2/4 · containers 5/5');
    assert.equal(ds01.statusBar().background, undefined, 'at the limit is a state, not an error');
    assert.match(ds01.statusBar().tooltip, /Container limit reached/);
    await vscode.commands.executeCommand('ds01.deploy');
    await waitFor('the warning colour after the refusal', () => ds01.statusBar().background === 'statusBarItem.warningBackground');
    assert.match(ds01.statusBar().tooltip, /Deploy refused: Container limit reached/);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it("a Dev Containers container with only devcontainer.local_folder counts, as the host's owner tracker counts it (issue 21)", async () => {
    await removeAllContainers();
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    await docker().createContainer({
      name: 'vsc-proj-h21',
      Image: BUSYBOX,
      Cmd: ['sleep', '100000'],
      HostConfig: { NetworkMode: 'none' },
      Labels: { 'devcontainer.local_folder': `/home/${userInfo().username}/proj` },
    });
    await statusText(ds01, '$(chip) GPU 0/4 · containers 1/5');
  });
});
