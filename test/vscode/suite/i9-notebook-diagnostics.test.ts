// CUDA failures in notebook cells: the DS01 diagnostic lands in the cell the traceback points at ("Cell In[1],
// line 3" of a real ipykernel traceback with ANSI colours), the CPU fallback quick fix edits that cell, and the
// diagnostic goes when its line is edited or the cell is re-run without an error. Benign errors give nothing.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Ds01TestApi } from '../../../src/extension/test-api';
import { api, ds01Diagnostics, EXTENSION_ID, REPO, waitFor } from './ds01';
import { noticesDuring } from './failures';

const TYPE = 'jupyter-notebook';
const ONE_CELL = ['import torch', '', 'x = torch.ones(3, device=torch.device("cuda"))'].join('\n');
const ONE_CELL_FIXED = 'x = torch.ones(3, device=torch.device("cuda" if torch.cuda.is_available() else "cpu"))';
const DEFINES_MAKE = ['import torch', 'def make():', '    return torch.ones(3, device=torch.device("cuda"))'].join('\n');

/** The output VS Code's Jupyter extension makes of a kernel's error message: {name, message, stack} with the traceback joined. */
function errorOutput(fixture: string): vscode.NotebookCellOutput {
  const e = JSON.parse(readFileSync(join(REPO, 'test/fixtures/notebook-errors', fixture), 'utf8')) as { ename: string; evalue: string; traceback: string[] };
  const error = new Error(e.evalue);
  error.name = e.ename;
  error.stack = e.traceback.join('\n');
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(error)]);
}

function textOutput(text: string): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stdout(text)]);
}

describe('host CUDA failures in notebook cells', function () {
  this.timeout(60_000);
  let ds01: Ds01TestApi;
  let controller: vscode.NotebookController;
  let nb: vscode.NotebookDocument;

  async function open(...cells: string[]): Promise<void> {
    nb = await vscode.workspace.openNotebookDocument(
      TYPE,
      new vscode.NotebookData(cells.map((c) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c, 'python'))),
    );
    await vscode.window.showNotebookDocument(nb);
    controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
    await vscode.commands.executeCommand('notebook.selectKernel', { id: controller.id, extension: EXTENSION_ID });
  }

  /** Runs a cell as the kernel would: execution count, outputs, end. */
  async function run(index: number, order: number, output: vscode.NotebookCellOutput, success: boolean): Promise<void> {
    const execution = controller.createNotebookCellExecution(nb.cellAt(index));
    execution.executionOrder = order;
    execution.start(Date.now());
    await execution.replaceOutput([output]);
    execution.end(success, Date.now());
    await waitFor(`cell ${index} to show In[${order}]`, () => nb.cellAt(index).executionSummary?.executionOrder === order);
  }

  const diagnostics = (index: number) => ds01Diagnostics(nb.cellAt(index).document.uri);

  before(async () => {
    ds01 = await api();
    controller = vscode.notebooks.createNotebookController('ds01-test-kernel-diagnostics', TYPE, 'DS01 test kernel (diagnostics)');
  });
  beforeEach(() => ds01.failures.closeBursts());
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
  after(() => controller.dispose());

  it('a "Cell In[1], line 3" traceback puts a DS01 diagnostic on line 3 of that cell; the CPU fallback fixes it there', async () => {
    await open(ONE_CELL);
    const seen = await noticesDuring(ds01, () => run(0, 1, errorOutput('ipython8-cuda-one-cell.json'), false));
    assert.equal(seen.length, 1, JSON.stringify(seen));
    const cellUri = nb.cellAt(0).document.uri;
    assert.equal(cellUri.scheme, 'vscode-notebook-cell');
    const diags = await waitFor('the DS01 diagnostic in the cell', () => diagnostics(0).length > 0 && diagnostics(0));
    assert.equal(diags.length, 1);
    assert.equal(diags[0].source, 'DS01');
    assert.equal(diags[0].code, 'blocked-host');
    assert.equal(diags[0].range.start.line, 2);
    assert.equal(diags[0].range.start.character, 0);
    assert.ok(
      vscode.languages.getDiagnostics(cellUri).some((d) => d.source === 'DS01' && d.range.start.line === 2),
      'published to VS Code',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cellUri, diags[0].range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('DS01: Deploy Container'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.startsWith('DS01: Run in My Container')), 'no command line to re-run from a notebook');
    const fallback = actions.find((a) => a.title.startsWith('Fall back to the CPU'));
    assert.ok(fallback?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fallback.edit));
    const cell = nb.cellAt(0).document;
    assert.equal(cell.lineAt(2).text, ONE_CELL_FIXED);
    assert.ok(cell.lineAt(2).text.includes('torch.device("cuda" if torch.cuda.is_available() else "cpu")'));
    assert.equal(cell.getText(), ['import torch', '', ONE_CELL_FIXED].join('\n'), 'the rest of the cell untouched');
    await waitFor('the diagnostic to go after the edit of its line', () => diagnostics(0).length === 0);
  });

  it('re-running the cell without an error clears its diagnostic', async () => {
    await open(ONE_CELL);
    await run(0, 1, errorOutput('ipython8-cuda-one-cell.json'), false);
    await waitFor('the DS01 diagnostic in the cell', () => diagnostics(0).length === 1);
    await run(0, 2, textOutput('ok\n'), true);
    await waitFor('the diagnostic to go after a run without an error', () => diagnostics(0).length === 0);
  });

  it('a function from another cell: In[2] calls make() of In[1]; the diagnostic is on In[1] line 3, and goes when In[2] runs clean', async () => {
    await open(DEFINES_MAKE, 'x = make()');
    await run(0, 1, textOutput(''), true);
    await run(1, 2, errorOutput('ipython8-cuda-two-cells.json'), false);
    const diags = await waitFor('the DS01 diagnostic in the defining cell', () => diagnostics(0).length > 0 && diagnostics(0));
    assert.equal(diags[0].range.start.line, 2);
    assert.equal(nb.cellAt(0).document.lineAt(2).text.trim(), 'return torch.ones(3, device=torch.device("cuda"))');
    assert.deepEqual(diagnostics(1), [], 'none on the calling cell');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', nb.cellAt(0).document.uri, diags[0].range);
    assert.ok(
      actions.some((a) => a.title.startsWith('Fall back to the CPU')),
      actions.map((a) => a.title).join(' | '),
    );
    await run(1, 3, textOutput(''), true);
    await waitFor('the diagnostic to go when the failing cell ran clean', () => diagnostics(0).length === 0);
  });

  it('a benign error output (a plain ValueError) gives no diagnostic and no notification', async () => {
    await open('raise ValueError("learning rate must be positive, got -0.1")');
    const seen = await noticesDuring(ds01, () => run(0, 1, errorOutput('ipython8-value-error.json'), false));
    assert.deepEqual(seen, []);
    assert.deepEqual(diagnostics(0), []);
    assert.deepEqual(
      vscode.languages.getDiagnostics(nb.cellAt(0).document.uri).filter((d) => d.source === 'DS01'),
      [],
    );
  });
});
