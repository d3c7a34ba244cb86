// Host CUDA failures from debug sessions, through a real debug adapter: VS Code's built-in JavaScript debugger
// (ms-vscode.js-debug) launching node programs. A program writing a real PyTorch traceback to stderr gives one
// "blocked" notification and a diagnostic on the user's frame; a program printing benign logs gives nothing.
// js-debug only turns process.stdout/stderr writes into DAP output events with `outputCapture: 'std'`; by
// default it reports console.* calls only (see test/vscode/README.md), which the last test covers.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Ds01TestApi } from '../../../src/extension/test-api';
import { api, ds01Diagnostics, engineRead, REPO, removeAllContainers, waitFor } from './ds01';
import { ACTIONS, BLOCKED, noticesDuring, TRACEBACK, workspaceDir } from './failures';

const TRAIN_PY = ['import torch', '', 'device = torch.device("cuda")', 'x = torch.zeros(3, device=device)', ''].join('\n');

interface OutputEvent {
  category?: string;
  output: string;
}

/** The root session of a js-debug tree (it launches the program; children attach to its processes). */
function rootOf(session: vscode.DebugSession): vscode.DebugSession {
  let s = session;
  while (s.parentSession) s = s.parentSession;
  return s;
}

/**
 * Debugs `program` to its end with js-debug's internal console; returns every DAP output event of the
 * session tree, as a second tracker next to the extension's sees them.
 */
async function debugToEnd(name: string, program: string, extra: Record<string, unknown> = {}): Promise<OutputEvent[]> {
  const outputs: OutputEvent[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker(session) {
      if (rootOf(session).name !== name) return undefined;
      return {
        onDidSendMessage(m: { type?: string; event?: string; body?: { category?: string; output?: unknown } }) {
          if (m.type === 'event' && m.event === 'output' && typeof m.body?.output === 'string')
            outputs.push({ category: m.body.category, output: m.body.output });
        },
      };
    },
  });
  let ended = false;
  const sub = vscode.debug.onDidTerminateDebugSession((s) => {
    if (s.name === name && !s.parentSession) ended = true;
  });
  try {
    const folder = vscode.workspace.workspaceFolders![0];
    const started = await vscode.debug.startDebugging(folder, {
      type: 'node',
      request: 'launch',
      name,
      program,
      cwd: join(workspaceDir(), 'dbg'),
      console: 'internalConsole',
      ...extra,
    });
    assert.ok(started, `debug session ${name} did not start`);
    await waitFor(`the end of debug session ${name}`, () => ended, 45_000);
  } finally {
    sub.dispose();
    tracker.dispose();
  }
  return outputs;
}

function text(outputs: OutputEvent[], category: string): string {
  return outputs
    .filter((o) => o.category === category)
    .map((o) => o.output)
    .join('');
}

describe('host CUDA failures from debug sessions (js-debug)', function () {
  this.timeout(90_000);
  let ds01: Ds01TestApi;
  const dbg = (file: string) => join(workspaceDir(), 'dbg', file);
  const trainUri = () => vscode.Uri.file(dbg('train.py'));

  before(async () => {
    ds01 = await api();
    await removeAllContainers();
    mkdirSync(join(workspaceDir(), 'dbg'), { recursive: true });
    writeFileSync(dbg('train.py'), TRAIN_PY);
    writeFileSync(dbg('fails.js'), `process.stderr.write(${JSON.stringify(TRACEBACK)});\nprocess.exitCode = 1;\n`);
    writeFileSync(dbg('console-error.js'), `console.error(${JSON.stringify(TRACEBACK.trimEnd())});\nprocess.exitCode = 1;\n`);
    const benign = ['training-log.txt', 'nvidia-smi.txt', 'pip-install.txt'].map((f) =>
      readFileSync(join(REPO, 'test/fixtures/cuda-failures/benign', f), 'utf8'),
    );
    writeFileSync(dbg('benign.js'), `process.stdout.write(${JSON.stringify(benign[0] + benign[1])});\nprocess.stderr.write(${JSON.stringify(benign[2])});\n`);
    await engineRead(ds01);
  });
  beforeEach(() => ds01.failures.closeBursts());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a program writing a PyTorch traceback to stderr (outputCapture \'std\') gives one "blocked" notification with the actions', async () => {
    let outputs: OutputEvent[] = [];
    const seen = await noticesDuring(ds01, async () => {
      outputs = await debugToEnd('ds01 fails', dbg('fails.js'), { outputCapture: 'std' });
    });
    assert.ok(text(outputs, 'stderr').includes(TRACEBACK), `the traceback as stderr output events: ${JSON.stringify(outputs)}`);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].source, 'debug');
    assert.equal(seen[0].kind, 'blocked-host');
    assert.match(seen[0].message, BLOCKED);
    assert.equal(seen[0].message, 'GPU compute is blocked on this host; it runs inside containers. You have 4 of 4 GPUs free.');
    assert.deepEqual(seen[0].actions, ACTIONS, 'no command line to re-run from a debug session');
  });

  it("its diagnostic sits on the user's frame, resolved against the session's cwd (dbg/train.py line 3)", async () => {
    const diags = await waitFor('the DS01 diagnostic', () => ds01Diagnostics(trainUri()).length > 0 && ds01Diagnostics(trainUri()));
    assert.equal(diags.length, 1);
    assert.equal(diags[0].source, 'DS01');
    assert.equal(diags[0].range.start.line, 2);
  });

  it('a program printing a training log, an nvidia-smi table and pip output gives nothing', async () => {
    let outputs: OutputEvent[] = [];
    const seen = await noticesDuring(ds01, async () => {
      outputs = await debugToEnd('ds01 benign', dbg('benign.js'), { outputCapture: 'std' });
    });
    assert.ok(text(outputs, 'stdout').includes('NVIDIA-SMI'), `the benign output reached the trackers: ${JSON.stringify(outputs)}`);
    assert.deepEqual(seen, []);
  });

  it("js-debug's default capture (console API): console.error of the traceback gives one notification", async () => {
    let outputs: OutputEvent[] = [];
    const seen = await noticesDuring(ds01, async () => {
      outputs = await debugToEnd('ds01 console', dbg('console-error.js'));
    });
    assert.ok(text(outputs, 'stderr').includes('RuntimeError: No CUDA GPUs are available'), JSON.stringify(outputs));
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].source, 'debug');
    assert.equal(seen[0].kind, 'blocked-host');
    assert.deepEqual(seen[0].actions, ACTIONS);
  });
});
