// Deploy through the command, answering its real quick inputs; then retire through the command, answering
// its modal dialog in the page. Both against the private engine, with the module's own checks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeployResult } from '../../../src/host/containers';
import { notificationShown } from './browser';
import { answerQuickInputs, api, choose, docker, ensureQuickImage, isPick, QUICK, removeAllContainers, statusText, typeAndAccept, waitFor } from './ds01';

describe('deploy and retire through the commands', () => {
  before(async () => {
    await removeAllContainers();
    await ensureQuickImage();
  });
  after(async () => {
    await removeAllContainers();
  });

  let deployed: DeployResult | undefined;

  it('deploys: name, image, GPU count (only counts the limits allow), confirm', async () => {
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    let gpuLabels: string[] = [];
    const answers = answerQuickInputs(ds01, [
      (input) => {
        assert.equal(isPick(input), false);
        assert.equal((input as vscode.InputBox).value, 'workspace', 'default name: the workspace folder');
        typeAndAccept('vsc-deploy')(input);
      },
      choose(/^ds01-test\/quick-stop:latest$/),
      (input) => {
        gpuLabels = isPick(input) ? input.items.map((i) => i.label) : [];
        choose(/^1 GPU$/)(input);
      },
      choose(/Deploy/),
    ]);
    try {
      deployed = await vscode.commands.executeCommand<DeployResult | undefined>('ds01.deploy');
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.deepEqual(gpuLabels, ['0 GPUs (CPU only)', '1 GPU', '2 GPUs'], 'per-container cap 2: counts 0..2 offered');
    assert.ok(deployed, 'the command returned no result (see the DS01 output)');
    assert.equal(deployed.name, 'vsc-deploy');
    assert.equal(deployed.image, QUICK);
    assert.equal(deployed.slots.length, 1);
    const info = await docker().getContainer(deployed.id).inspect();
    assert.equal(info.State.Running, true);
    assert.equal(info.Config.Labels['ds01.interface'], 'atomic');
    assert.equal(info.Config.Labels['ds01.client'], 'vscode');
    await statusText(ds01, '$(chip) GPU 1/4 · containers 1/5');
    const row = await waitFor('the deployed container in the tree', () => ds01.treeRows().find((r) => r.id === `container/${deployed!.id}`));
    assert.equal(row.label, 'vsc-deploy');
    assert.match(row.description, new RegExp(`^1 GPU: GPU ${deployed.slots[0].id} · running( · |$)`), 'GPUs and state first; the lifecycle event may follow');
    assert.match(row.contextValue ?? '', /^ds01\.container\.running/);
  });

  it('explains instead of attaching when Dev Containers is not installed @browser', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ds01.attach', 'vsc-deploy');
    await notificationShown(
      'attach-no-dev-containers.json',
      /^DS01: attaching VS Code needs the Dev Containers extension \(ms-vscode-remote\.remote-containers\)\. Install it, or use "DS01: Open Terminal in Container"\.$/,
    );
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('opens a terminal running docker exec in the container', async () => {
    const before = new Set(vscode.window.terminals);
    await vscode.commands.executeCommand('ds01.openTerminal', deployed!.hostName);
    const opened = vscode.window.terminals.filter((t) => !before.has(t));
    assert.deepEqual(
      opened.map((t) => t.name),
      ['DS01: vsc-deploy'],
    );
    const terminal = opened[0];
    const pid = await terminal.processId;
    assert.ok(pid && pid > 0, 'the terminal has a process');
    terminal.dispose();
  });

  // The workbench refuses modal dialogs during extension tests; the prompter then asks the same question
  // as a quick pick, answered here.
  it('retires after the confirmation @browser', async () => {
    const ds01 = await api();
    let title: string | undefined;
    const answers = answerQuickInputs(ds01, [
      (input) => {
        title = input.title;
        return choose(/^Retire$/)(input);
      },
    ]);
    await vscode.commands.executeCommand('notifications.clearAll');
    try {
      await vscode.commands.executeCommand('ds01.retire', 'vsc-deploy');
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.equal(title, 'Retire vsc-deploy?');
    await notificationShown('retired.json', /^DS01: retired vsc-deploy\.$/);
    await assert.rejects(docker().getContainer(deployed!.id).inspect(), /no such container/i);
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    assert.ok(!ds01.treeRows().some((r) => r.id === `container/${deployed!.id}`));
  });
});
