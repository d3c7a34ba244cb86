// Host CUDA failures inside the real VS Code: a terminal command printing a real PyTorch traceback, a
// notebook error output, a notice-library event line; each gives exactly one notification with its actions,
// a DS01 diagnostic on the user's frame with quick fixes; benign output and probes give nothing.
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Ds01TestApi } from '../../../src/extension/test-api';
import { api, docker, ds01Diagnostics, engineRead, runningRow, BUSYBOX, REPO, removeAllContainers, waitFor } from './ds01';
import { ACTIONS, BLOCKED, noticesDuring, TRACEBACK, workspaceDir } from './failures';

// At most three buttons (a fourth is cut off); the container has no GPU, so Deploy stays first.
const ACTIONS_WITH_RERUN = ['Deploy Container', 'Run in failures-ws', "Don't Show Again"];
const TRAIN_PY = ['import torch', '', 'device = torch.device("cuda")', 'x = torch.zeros(3, device=device)', ''].join('\n');
const FIXED_LINE = 'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")';
// The sleep stands for Python's start-up: read() yields only what is written after the extension's first read,
// which reaches it a few milliseconds after the start event; a bare `cat` can finish before that.
const RUN = 'sleep 1; if [ -f ok ]; then echo fine; else cat tb.txt; false; fi';

function eventsFile(): string {
  const dir = process.env.XDG_RUNTIME_DIR;
  if (!dir) throw new Error('XDG_RUNTIME_DIR is not set: run the suite with test/vscode/run.sh');
  return join(dir, 'ds01', 'cuda-events.jsonl');
}

function eventLine(pid: number, exitStatus: number | null, ppid = 1, cwd = workspaceDir()): string {
  return (
    JSON.stringify({
      v: 1,
      ts: Date.now(),
      pid,
      ppid,
      uid: process.getuid?.() ?? 0,
      exe: '/usr/bin/python3.11',
      argv: ['python3', 'train.py', '--epochs', '1 2'],
      cwd,
      cuda_result: 100,
      via: 'getprocaddress',
      exit_status: exitStatus,
    }) + '\n'
  );
}

async function shellTerminal(): Promise<vscode.Terminal> {
  const terminal = vscode.window.createTerminal({ name: 'ds01-failures', shellPath: '/bin/bash', cwd: workspaceDir() });
  terminal.show();
  await waitFor('shell integration in the terminal', () => terminal.shellIntegration, 30_000);
  return terminal;
}

async function runInTerminal(terminal: vscode.Terminal, command: string): Promise<number | undefined> {
  const execution = terminal.shellIntegration!.executeCommand(command);
  return new Promise((resolve) => {
    const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.execution === execution) {
        sub.dispose();
        resolve(e.exitCode);
      }
    });
  });
}

describe('host CUDA failures', function () {
  this.timeout(60_000);
  let ds01: Ds01TestApi;
  let terminal: vscode.Terminal | undefined;
  const trainUri = () => vscode.Uri.file(join(workspaceDir(), 'train.py'));

  before(async () => {
    ds01 = await api();
    await removeAllContainers();
    writeFileSync(join(workspaceDir(), 'train.py'), TRAIN_PY);
    writeFileSync(join(workspaceDir(), 'tb.txt'), TRACEBACK);
    writeFileSync(join(workspaceDir(), 'training-log.txt'), readFileSync(join(REPO, 'test/fixtures/cuda-failures/benign/training-log.txt')));
    writeFileSync(join(workspaceDir(), 'nvidia-smi.txt'), readFileSync(join(REPO, 'test/fixtures/cuda-failures/benign/nvidia-smi.txt')));
    await engineRead(ds01);
  });
  beforeEach(() => ds01.failures.closeBursts());
  after(async () => {
    terminal?.dispose();
    await removeAllContainers();
  });

  it('terminal: a command printing a PyTorch traceback gives one "blocked" notification with the actions', async () => {
    terminal = await shellTerminal();
    let exit: number | undefined;
    const seen = await noticesDuring(ds01, async () => {
      exit = await runInTerminal(terminal!, RUN);
    });
    assert.equal(exit, 1);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].source, 'terminal');
    assert.equal(seen[0].kind, 'blocked-host');
    assert.match(seen[0].message, BLOCKED);
    assert.equal(seen[0].message, 'GPU compute is blocked on this host; it runs inside containers. You have 4 of 4 GPUs free.');
    assert.deepEqual(seen[0].actions, ACTIONS);
    assert.equal(seen[0].commandLine, RUN);
  });

  it("terminal: a DS01 diagnostic on the user's frame (train.py line 3) with Deploy and the CPU fallback edit", async () => {
    const diags = await waitFor('the DS01 diagnostic', () => ds01Diagnostics(trainUri()).length > 0 && ds01Diagnostics(trainUri()));
    assert.equal(diags.length, 1);
    assert.equal(diags[0].source, 'DS01');
    assert.equal(diags[0].range.start.line, 2);
    assert.ok(
      vscode.languages.getDiagnostics(trainUri()).some((d) => d.source === 'DS01' && d.range.start.line === 2),
      'published to VS Code',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', trainUri(), diags[0].range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('DS01: Deploy Container'), titles.join(' | '));
    const fallback = actions.find((a) => a.title.startsWith('Fall back to the CPU'));
    assert.ok(fallback?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fallback.edit));
    const doc = await vscode.workspace.openTextDocument(trainUri());
    assert.equal(doc.lineAt(2).text, FIXED_LINE);
    assert.equal(doc.lineAt(3).text, 'x = torch.zeros(3, device=device)', 'other lines untouched');
    await waitFor('the diagnostic to go after the edit of its line', () => ds01Diagnostics(trainUri()).length === 0);
    await doc.save();
  });

  it('terminal: the next successful run of the same command clears the diagnostics', async () => {
    writeFileSync(join(workspaceDir(), 'train.py'), TRAIN_PY);
    ds01.failures.closeBursts();
    await runInTerminal(terminal!, RUN);
    await waitFor('the diagnostic again', () => ds01Diagnostics(trainUri()).length === 1);
    writeFileSync(join(workspaceDir(), 'ok'), '');
    assert.equal(await runInTerminal(terminal!, RUN), 0);
    await waitFor('the diagnostic to go after a successful run', () => ds01Diagnostics(trainUri()).length === 0);
  });

  it('terminal: benign output (a training log, an nvidia-smi table) gives nothing', async () => {
    const seen = await noticesDuring(ds01, () => runInTerminal(terminal!, 'sleep 1; cat training-log.txt nvidia-smi.txt'));
    assert.deepEqual(seen, []);
  });

  it('terminal: a CPU fallback gives an information notice; the notice event of a child of its shell makes it blocked-host', async () => {
    writeFileSync(join(workspaceDir(), 'fallback.txt'), readFileSync(join(REPO, 'test/fixtures/cuda-failures/xgboost/no-visible-gpu.txt')));
    const gentle = await noticesDuring(ds01, () => runInTerminal(terminal!, 'sleep 1; cat fallback.txt'));
    assert.equal(gentle.length, 1, JSON.stringify(gentle));
    assert.deepEqual([gentle[0].kind, gentle[0].severity], ['cpu-fallback', 'info']);
    assert.doesNotMatch(gentle[0].message, /blocked/);
    const shellPid = await terminal!.processId;
    assert.ok(shellPid);
    mkdirSync(join(eventsFile(), '..'), { recursive: true, mode: 0o700 });
    // Another folder and no burst in common: only the parent pid links the event to the terminal's output.
    const linked = await noticesDuring(ds01, async () => {
      appendFileSync(eventsFile(), eventLine(424240, 1, shellPid, '/elsewhere'));
    });
    assert.equal(linked.length, 1, JSON.stringify(linked));
    assert.deepEqual([linked[0].source, linked[0].kind, linked[0].severity], ['terminal', 'blocked-host', 'warning']);
    assert.match(linked[0].message, BLOCKED);
  });

  it('notebook: an error output created through the API gives one notification', async () => {
    // VS Code's built-in ipynb extension provides the type; the test is the kernel.
    const type = 'jupyter-notebook';
    const controller = vscode.notebooks.createNotebookController('ds01-test-kernel', type, 'DS01 test kernel');
    const registrations: vscode.Disposable[] = [controller];
    try {
      const nb = await vscode.workspace.openNotebookDocument(
        type,
        new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'x = torch.zeros(1).cuda()', 'python')]),
      );
      await vscode.window.showNotebookDocument(nb);
      controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
      await vscode.commands.executeCommand('notebook.selectKernel', { id: controller.id, extension: 'ds01.ds01-gpu-host' });
      const error = new Error('No CUDA GPUs are available');
      error.name = 'RuntimeError';
      error.stack = readFileSync(join(REPO, 'test/fixtures/cuda-failures/pytorch/jupyter-no-cuda-gpus.txt'), 'utf8');
      const seen = await noticesDuring(ds01, async () => {
        const execution = controller.createNotebookCellExecution(nb.cellAt(0));
        execution.start(Date.now());
        await execution.replaceOutput([new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(error)])]);
        execution.end(false, Date.now());
      });
      assert.equal(seen.length, 1, JSON.stringify(seen));
      assert.equal(seen[0].source, 'notebook');
      assert.match(seen[0].message, BLOCKED);
      assert.deepEqual(seen[0].actions, ACTIONS, 'no command line to re-run from a notebook');
    } finally {
      for (const r of registrations) r.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('notice event: a line appended to the events file gives one notification; the same pid again gives none', async () => {
    mkdirSync(join(eventsFile(), '..'), { recursive: true, mode: 0o700 });
    const seen = await noticesDuring(ds01, async () => {
      appendFileSync(eventsFile(), eventLine(424242, 1));
    });
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].source, 'notice-event');
    assert.match(seen[0].message, BLOCKED);
    assert.deepEqual(seen[0].actions, ACTIONS);
    assert.equal(seen[0].commandLine, "python3 train.py --epochs '1 2'");
    ds01.failures.closeBursts();
    const again = await noticesDuring(ds01, async () => {
      appendFileSync(eventsFile(), eventLine(424242, null));
    });
    assert.deepEqual(again, [], 'same pid: same failure');
  });

  it('notice event: exit status 0 (a probe that carried on) and a bad line give nothing', async () => {
    const seen = await noticesDuring(ds01, async () => {
      appendFileSync(eventsFile(), eventLine(424243, 0));
      appendFileSync(eventsFile(), '{"v":2,"broken":true}\n');
    });
    assert.deepEqual(seen, []);
  });

  it('one burst across sources: a terminal failure then its notice event give one notification', async () => {
    rmOk();
    const seen = await noticesDuring(ds01, async () => {
      await runInTerminal(terminal!, RUN);
      appendFileSync(eventsFile(), eventLine(424244, 1));
    });
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].source, 'terminal');
  });

  it('Run in My Container: offered when a running container maps the folder at /workspace; opens docker exec there', async () => {
    await startWorkspaceContainer('failures-ws');
    await waitFor('the container in the view', () => runningRow(ds01, { name: 'failures-ws' }));
    rmOk();
    const seen = await noticesDuring(ds01, () => runInTerminal(terminal!, RUN));
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.deepEqual(seen[0].actions, ACTIONS_WITH_RERUN);
    const opened = await vscode.commands.executeCommand<{ terminal: vscode.Terminal } | undefined>('ds01.runInContainer', {
      commandLine: RUN,
      cwd: workspaceDir(),
    });
    assert.ok(opened);
    const options = opened.terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(options.shellPath, '/bin/sh', 'a fixed host script that keeps the terminal open once the command ends');
    const args = options.shellArgs as string[];
    assert.deepEqual(args.slice(-9), ['docker', 'exec', '-it', '-w', '/workspace', `failures-ws._.${process.getuid?.()}`, 'sh', '-lc', RUN]);
    opened.terminal.dispose();
  });

  it("Don't Show Again turns the notification off (diagnostics stay)", async () => {
    await vscode.workspace.getConfiguration('ds01').update('failures.showPrompt', false, vscode.ConfigurationTarget.Global);
    try {
      rmOk();
      const seen = await noticesDuring(ds01, () => runInTerminal(terminal!, RUN));
      assert.deepEqual(seen, []);
      await waitFor('the diagnostic', () => ds01Diagnostics(trainUri()).length === 1);
    } finally {
      await vscode.workspace.getConfiguration('ds01').update('failures.showPrompt', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

function rmOk(): void {
  rmSync(join(workspaceDir(), 'ok'), { force: true });
}

async function startWorkspaceContainer(name: string): Promise<void> {
  const uid = process.getuid?.() ?? 0;
  const user = userInfo().username;
  const c = await docker().createContainer({
    name: `${name}._.${uid}`,
    Image: BUSYBOX,
    Cmd: ['sleep', '100000'],
    Labels: { 'ds01.managed': 'true', 'ds01.user': user, 'ds01.name': name, 'ds01.interface': 'test' },
    HostConfig: { NetworkMode: 'none', Binds: [`${workspaceDir()}:/workspace`] },
  });
  await c.start();
}
