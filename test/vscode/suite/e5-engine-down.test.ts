// Error states are tree items that say what is wrong and what to do, never an empty tree: the private
// engine stopped for real, then an engine address that does not exist, set through the settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, engineSh, statusText, waitFor } from './ds01';

describe('engine unreachable', () => {
  it('shows the error row with a Retry action when the engine stops, and recovers when it is back', async function () {
    this.timeout(90_000);
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    engineSh('stop');
    try {
      const problem = await waitFor('the engine error row', () => ds01.treeRows().find((r) => r.id === 'containers/problem'));
      assert.match(problem.label, /Cannot reach the Docker engine|did not answer/);
      const action = ds01.treeRows().find((r) => r.id === 'containers/problem-action');
      assert.equal(action?.command, 'ds01.refresh');
      assert.match(ds01.statusBar().text, /^\$\(chip\) GPU \?\/4 · containers \?\/5$/);
      assert.equal(ds01.statusBar().background, 'statusBarItem.warningBackground');
      // The GPUs still show (nvidia-smi works), with their allocation marked unknown.
      assert.ok(ds01.treeRows().some((r) => r.id === 'gpus/allocation-unknown'));
    } finally {
      engineSh('start');
    }
    await vscode.commands.executeCommand('ds01.refresh');
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    assert.ok(!ds01.treeRows().some((r) => r.id === 'containers/problem'));
  });

  it('shows the error row for an engine address from the settings that nothing answers', async () => {
    const ds01 = await api();
    const config = vscode.workspace.getConfiguration('ds01');
    await config.update('dockerHost', 'unix:///tmp/ds01-vscode-no-engine.sock', vscode.ConfigurationTarget.Global);
    try {
      const problem = await waitFor('the engine error row', () => ds01.treeRows().find((r) => r.id === 'containers/problem'));
      assert.match(problem.label, /ds01-vscode-no-engine\.sock \(ENOENT\)/);
      assert.equal(problem.description, 'engine-unreachable');
    } finally {
      await config.update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
    }
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
  });

  it('shows the nvidia-smi error row with a settings action for a missing nvidia-smi', async () => {
    const ds01 = await api();
    const config = vscode.workspace.getConfiguration('ds01');
    await config.update('nvidiaSmiPath', '/nonexistent/nvidia-smi', vscode.ConfigurationTarget.Global);
    try {
      const problem = await waitFor('the nvidia-smi error row', () => ds01.treeRows().find((r) => r.id === 'gpus/problem'));
      assert.equal(problem.description, 'nvidia-smi-missing');
      assert.equal(ds01.treeRows().find((r) => r.id === 'gpus/problem-action')?.command, 'workbench.action.openSettings');
    } finally {
      await config.update('nvidiaSmiPath', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('GPUs back', () => !ds01.treeRows().some((r) => r.id === 'gpus/problem'));
  });
});
