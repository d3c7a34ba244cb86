// Issue 23: drawing the tree reads nothing. "Idle GPU ... for N min" is read at each GPU reading, whether or not
// the tree is shown: with the view closed (VS Code asks it for no rows) the note still moves with the readings,
// and only with them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, createHolder, gpuUuids, removeAllContainers, waitFor } from './ds01';

const MIN = 60_000;

describe('issue 23: the idle GPU note follows the GPU readings, not the drawing', () => {
  before(async () => {
    await removeAllContainers();
  });
  after(async () => {
    (await api()).lifecycle.setNow(null);
    await removeAllContainers();
  });

  it('moves with each nvidia-smi reading while the view is closed, and stays as read between readings', async () => {
    const ds01 = await api();
    const base = new Date();
    ds01.lifecycle.setNow(base);
    const id = await createHolder('idle-l12', [gpuUuids()[3]]);
    const row = () => ds01.treeRows().find((r) => r.id === `container/${id}`);
    await waitFor('the row', () => row());
    // The clock starts at a reading that sees it with no process on its GPU.
    await ds01.readGpus();
    assert.ok(!row()!.description.includes('idle GPU'), row()!.description);

    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('the view closed', () => !ds01.counters().treeVisible);
    ds01.lifecycle.setNow(new Date(base.getTime() + 31 * MIN));
    await ds01.readGpus();
    ds01.lifecycle.setNow(new Date(base.getTime() + 45 * MIN));
    const read = row()!;
    assert.match(read.description, /^1 GPU: GPU 3 · created.* · idle GPU$/);
    assert.match(read.tooltip, /Idle GPU: holds GPU 3 with no process on it for 31 min\./, 'as of the reading, not of the drawing');
    await ds01.readGpus();
    assert.match(row()!.tooltip, /for 45 min\./);
    await vscode.commands.executeCommand('ds01.tree.focus');
  });
});
