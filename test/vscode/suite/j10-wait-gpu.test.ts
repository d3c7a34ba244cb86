// Deploy Container when every GPU is held by another user: the GPU count is offered as "wait for a GPU",
// the command waits in the host-wide queue (its entry file is there), and deploys once a GPU frees.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { hostEnv, readSettings } from '../../../src/extension/settings';
import { startWait, type WaitOutcome } from '../../../src/extension/wait-runner';
import {
  answerQuickInputs,
  api,
  BUSYBOX,
  choose,
  docker,
  ensureQuickImage,
  gpuUuids,
  isPick,
  QUICK,
  removeAllContainers,
  REPO,
  typeAndAccept,
  waitFor,
} from './ds01';

/** Another user's container holding a GPU: it takes the slot but not this user's quota. */
async function othersHolder(i: number, gpu: string): Promise<string> {
  const c = await docker().createContainer({
    name: `theirs-${i}._.65534`,
    Image: BUSYBOX,
    Cmd: ['sleep', '100000'],
    Labels: { 'ds01.managed': 'true', 'ds01.user': 'nobody', 'ds01.name': `theirs-${i}`, 'ds01.gpu.uuids': gpu },
    HostConfig: { NetworkMode: 'none', DeviceRequests: [{ Driver: 'nvidia', Count: 0, DeviceIDs: [gpu], Capabilities: [['gpu']], Options: {} }] },
  });
  return c.id;
}

describe('wait for a GPU through Deploy Container', () => {
  before(async () => {
    await removeAllContainers();
    await ensureQuickImage();
  });
  afterEach(async () => {
    await removeAllContainers();
  });

  it('offers waiting when no GPU is free, queues, and deploys when one frees', async function () {
    this.timeout(90_000);
    const ds01 = await api();
    const holders = await Promise.all(gpuUuids().map((g, i) => othersHolder(i, g)));
    const queueDir = join(process.env.DS01_STATE_DIR!, 'gpu-queue.d');
    let gpuLabels: string[] = [];
    const answers = answerQuickInputs(ds01, [
      typeAndAccept('vsc-wait'),
      choose(/^ds01-test\/quick-stop:latest$/),
      (input) => {
        // Rows without a label carry the rest of a long reason (a quick pick shows one line of detail).
        gpuLabels = isPick(input) ? input.items.map((i) => i.label).filter(Boolean) : [];
        choose(/^\$\(watch\) 1 GPU$/)(input);
      },
      choose(/Wait for a GPU/),
    ]);
    let settled = false;
    let result: WaitOutcome | undefined;
    const running = Promise.resolve(vscode.commands.executeCommand<WaitOutcome | undefined>('ds01.deploy'));
    void running.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    try {
      await answers.done;
      assert.deepEqual(gpuLabels, ['0 GPUs (CPU only)', '$(watch) 1 GPU', '$(watch) 2 GPUs']);
      const entry = await waitFor('the queue entry', () => existsSync(queueDir) && readdirSync(queueDir).find((f) => f.endsWith('.req')), 20_000);
      const row = await waitFor('the waiting request in the tree', () => ds01.treeRows().find((r) => r.id === `waiting/${entry}`));
      assert.equal(row.label, 'vsc-wait: waiting for 1 GPU (number 1 in the queue)');
      assert.equal(settled, false, 'still waiting: no GPU is free');
      const freedAt = Date.now();
      await docker().getContainer(holders[2]).remove({ force: true });
      result = await running;
      console.log(`ds01-figure wait deployed ${Date.now() - freedAt} ms after a GPU freed (entry ${entry})`);
    } finally {
      answers.dispose();
    }
    assert.ok(result, 'the command returned no result (see the DS01 output)');
    assert.equal(result.name, 'vsc-wait');
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(result.slots, ['2']);
    assert.equal((await docker().getContainer(result.id!).inspect()).State.Running, true);
    assert.deepEqual(readdirSync(queueDir), [], 'it left the queue');
  });

  it('outlives its window: a new window follows the detached waiter again', async function () {
    this.timeout(90_000);
    const ds01 = await api();
    const holders = await Promise.all(gpuUuids().map((g, i) => othersHolder(i, g)));
    const queueDir = join(process.env.DS01_STATE_DIR!, 'gpu-queue.d');
    // What Deploy Container starts; the window that started it is gone (nobody follows it yet).
    // Started with the environment the window reads the host with (the settings applied), as Deploy does.
    const ctx = { state: { env: hostEnv(readSettings()) }, log: { info: () => undefined } } as unknown as Parameters<typeof startWait>[0];
    const pid = startWait(ctx, join(REPO, 'dist', 'cli.js'), {
      name: 'vsc-reload',
      image: QUICK,
      gpus: 1,
      workspace: vscode.workspace.workspaceFolders![0].uri.fsPath,
    });
    await waitFor('the detached waiter in the queue', () => existsSync(queueDir) && readdirSync(queueDir).find((f) => f.includes(`-p${pid}-`)), 30_000);
    const resumed = ds01.resumeWaits();
    await new Promise((r) => setTimeout(r, 1500));
    await docker().getContainer(holders[1]).remove({ force: true });
    const [outcome] = (await resumed) as Array<WaitOutcome | undefined>;
    assert.equal(outcome?.ok, true, JSON.stringify(outcome));
    assert.equal(outcome!.name, 'vsc-reload');
    assert.deepEqual(outcome!.slots, ['1']);
    assert.deepEqual(readdirSync(queueDir), []);
  });
});
