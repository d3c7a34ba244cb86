// Deploy's quick inputs are one multi-step input with a Back button: Back on the GPU step shows the image step
// again, on the image answered before; from there the deploy goes on as usual. Back is pressed through the
// workbench's own command (what its key does), so the real button of the real widget is what answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeployResult } from '../../../src/host/containers';
import type { QuickInput } from '../../../src/extension/prompter';
import { acceptQuickInput, answerQuickInputs, api, choose, ensureQuickImage, isPick, QUICK, removeAllContainers, statusText, typeAndAccept } from './ds01';

async function pressBack(): Promise<void> {
  // The extension host sends the widget's properties (its buttons) to the workbench in a batch on the next tick.
  await new Promise((r) => setTimeout(r, 200));
  await vscode.commands.executeCommand('workbench.action.quickInputBack');
}

describe('Deploy: the Back button', () => {
  before(async () => {
    await removeAllContainers();
    await ensureQuickImage();
  });
  after(async () => {
    await removeAllContainers();
  });

  it('Back on the GPU step returns to the image step with its answer; then it deploys', async () => {
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    const shown: Array<{ step?: number; buttons: number; active?: string }> = [];
    const note = (input: QuickInput) =>
      shown.push({ step: input.step, buttons: input.buttons.length, active: isPick(input) ? input.activeItems[0]?.label : undefined });
    const answers = answerQuickInputs(ds01, [
      (input) => {
        note(input);
        return typeAndAccept('vsc-back')(input);
      },
      (input) => {
        note(input);
        return choose(/^ds01-test\/quick-stop:latest$/)(input);
      },
      (input) => {
        note(input);
        return pressBack();
      },
      (input) => {
        note(input);
        return acceptQuickInput(input);
      },
      (input) => {
        note(input);
        return choose(/^1 GPU$/)(input);
      },
      (input) => {
        note(input);
        return choose(/Deploy/)(input);
      },
    ]);
    let deployed: DeployResult | undefined;
    try {
      deployed = await vscode.commands.executeCommand<DeployResult | undefined>('ds01.deploy');
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.deepEqual(
      shown.map((s) => s.step),
      [1, 2, 3, 2, 3, 4],
      'Back from step 3 showed step 2 again, then the steps went on',
    );
    assert.deepEqual(
      shown.map((s) => s.buttons),
      [0, 1, 1, 1, 1, 1],
      'Back on every step but the first',
    );
    assert.equal(shown[3].active, QUICK, 'the image step shown again starts on the image answered before');
    assert.ok(deployed, 'the command returned no result (see the DS01 output)');
    assert.equal(deployed.name, 'vsc-back');
    assert.equal(deployed.image, QUICK);
    assert.equal(deployed.slots.length, 1);
    await statusText(ds01, '$(chip) GPU 1/4 · containers 1/5');
  });
});
