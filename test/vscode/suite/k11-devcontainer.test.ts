// Dev Containers on DS01 in a real VS Code: DS01's diagnostics on a devcontainer.json (JSONC) on the right
// properties, one quick fix applied to the file, and "DS01: Add Dev Container Configuration" offering only the
// GPU counts the test host's per-container cap (2) allows and never replacing a file unasked.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { answerQuickInputs, api, choose, ds01Diagnostics, isPick, waitFor } from './ds01';
import type { Ds01TestApi } from '../../../src/extension/test-api';

/** The test's own ids: a --user of anyone else is a finding of its own. */
const ME = `${process.getuid!()}:${process.getgid!()}`;
const DEVCONTAINER = `{
  // a project's own config, with a comment and trailing commas
  "name": "k11",
  "image": "pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime",
  "runArgs": ["--user", "${ME}", "--gpus", "3", "--privileged",],
  "mounts": ["source=\${localEnv:HOME},target=/home/\${localEnv:USER},type=bind"],
  "containerEnv": { "HOME": "/home/\${localEnv:USER}" },
  "shutdownAction": "none",
}
`;

function workspace(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

describe('Dev Containers on DS01', () => {
  let ds01: Ds01TestApi;
  const folder = () => join(workspace(), 'k11-project');
  const file = () => vscode.Uri.file(join(folder(), '.devcontainer', 'devcontainer.json'));

  before(async () => {
    ds01 = await api();
    await waitFor('the limits', () => ds01.treeRows().some((r) => r.id === 'limits/gpus'));
    rmSync(folder(), { recursive: true, force: true });
    mkdirSync(join(folder(), '.devcontainer'), { recursive: true });
    writeFileSync(file().fsPath, DEVCONTAINER);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    rmSync(folder(), { recursive: true, force: true });
  });

  it('shows DS01 diagnostics on the right properties of a devcontainer.json with comments and trailing commas', async () => {
    const doc = await vscode.workspace.openTextDocument(file());
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor('the DS01 diagnostics', () => ds01Diagnostics(doc.uri).length >= 3 && ds01Diagnostics(doc.uri));
    const by = (code: string) => diags.find((d) => d.code === code);
    assert.deepEqual(diags.map((d) => d.code).sort(), ['gpus-over-cap', 'privileged', 'shutdown-keeps-running'], JSON.stringify(diags.map((d) => d.message)));
    assert.equal(doc.getText(by('gpus-over-cap')!.range), '"3"');
    assert.equal(by('gpus-over-cap')!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(by('gpus-over-cap')!.message, /per-container cap \(2\)/);
    assert.equal(doc.getText(by('privileged')!.range), '"--privileged"');
    assert.equal(doc.getText(by('shutdown-keeps-running')!.range), '"none"');
    assert.equal(by('shutdown-keeps-running')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(!vscode.languages.getDiagnostics(doc.uri).some((d) => /comment|trailing comma/i.test(d.message)), 'read as JSONC');
  });

  it('a quick fix applied changes the file, and its diagnostic goes', async () => {
    const doc = await vscode.workspace.openTextDocument(file());
    const shutdown = ds01Diagnostics(doc.uri).find((d) => d.code === 'shutdown-keeps-running')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, shutdown.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === 'DS01: Set "shutdownAction": "stopContainer"');
    assert.ok(fix?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applied');
    assert.equal(doc.getText(), DEVCONTAINER.replace('"none"', '"stopContainer"'));
    assert.ok(await doc.save(), `saved (dirty: ${doc.isDirty})`);
    assert.equal(readFileSync(file().fsPath, 'utf8'), DEVCONTAINER.replace('"none"', '"stopContainer"'));
    await waitFor('the shutdownAction diagnostic to go', () => !ds01Diagnostics(doc.uri).some((d) => d.code === 'shutdown-keeps-running'));
    assert.deepEqual(
      ds01Diagnostics(doc.uri)
        .map((d) => d.code)
        .sort(),
      ['gpus-over-cap', 'privileged'],
    );
  });

  it('a devcontainer.json that is not open gets diagnostics too', async function () {
    this.timeout(60_000);
    const other = vscode.Uri.file(join(folder(), 'nested', '.devcontainer.json'));
    const text = `{ "image": "pytorch/pytorch", "runArgs": ["--user", "${ME}", "--network", "host"], "shutdownAction": "stopContainer" }\n`;
    mkdirSync(join(folder(), 'nested'), { recursive: true });
    writeFileSync(other.fsPath, text);
    // VS Code's recursive watcher may take a while to add a folder made a moment ago (seen on a loaded CI machine):
    // the file is written again every 5 s, as an editor saving it would, until the watcher reports it.
    let lastWrite = Date.now();
    const diags = await waitFor(
      'diagnostics on the unopened file',
      () => {
        if (Date.now() - lastWrite > 5000) {
          writeFileSync(other.fsPath, text);
          lastWrite = Date.now();
        }
        return ds01Diagnostics(other).length > 0 && ds01Diagnostics(other);
      },
      40_000,
    );
    assert.ok(
      diags.some((d) => d.code === 'host-namespace'),
      JSON.stringify(diags.map((d) => d.code)),
    );
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === other.toString()), 'not opened');
  });

  it('Add Dev Container Configuration: GPU counts within the cap only, writes the DS01 file, and asks before replacing it', async () => {
    const target = vscode.Uri.file(join(workspace(), 'k11-init'));
    rmSync(target.fsPath, { recursive: true, force: true });
    mkdirSync(target.fsPath);
    let gpuLabels: string[] = [];
    const answers = answerQuickInputs(ds01, [
      choose(/^pytorch$/),
      (input) => {
        gpuLabels = isPick(input) ? input.items.map((i) => i.label) : [];
        return choose(/^2 GPUs$/)(input);
      },
    ]);
    await vscode.commands.executeCommand('ds01.addDevcontainer', target);
    const written = vscode.Uri.file(join(target.fsPath, '.devcontainer', 'devcontainer.json'));
    await answers.done;
    answers.dispose();
    assert.deepEqual(gpuLabels, ['1 GPU', 'No GPU', '2 GPUs']);
    assert.ok(existsSync(written.fsPath), 'written');
    const j = JSON.parse(readFileSync(written.fsPath, 'utf8'));
    assert.deepEqual(j.runArgs.slice(2, 4), ['--gpus', '2']);
    assert.equal(j.shutdownAction, 'stopContainer');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, written.fsPath, 'opened for the user');

    const before = readFileSync(written.fsPath, 'utf8');
    let asked = '';
    const cancel = answerQuickInputs(ds01, [
      (input) => {
        asked = input.title ?? '';
        return choose(/^Cancel$/)(input);
      },
    ]);
    // Away from the file, so that showing it again is the command's doing.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('ds01.addDevcontainer', target);
    await cancel.done;
    cancel.dispose();
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, written.fsPath, 'stopped there, showing the file it kept');
    assert.match(asked, /devcontainer\.json exists/);
    assert.equal(readFileSync(written.fsPath, 'utf8'), before, 'not replaced');
    rmSync(target.fsPath, { recursive: true, force: true });
  });
});
