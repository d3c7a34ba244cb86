// Issue 25: what a user sees in the flows we have, one test per point, looked at as a user does: the texts,
// the buttons (cut off or not, from the page), a terminal's content, a tooltip still up after 8 s.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DeployResult } from '../../../src/host/containers';
import type { ShownLifecycleNotice } from '../../../src/extension/lifecycle/lifecycle-notices';
import { NOTIFICATION_BUTTONS, NOTIFICATION_MESSAGES, notificationCenter, notificationShown, requestRead, requestScreenshot } from './browser';
import {
  acceptQuickInput,
  answerQuickInputs,
  api,
  BUSYBOX,
  choose,
  docker,
  ds01Diagnostics,
  ensureQuickImage,
  gpuUuids,
  hostDir,
  isPick,
  QUICK,
  removeAllContainers,
  runningRow,
  statusText,
  typeAndAccept,
  waitFor,
} from './ds01';
import { TRACEBACK, workspaceDir } from './failures';
import type { QuickInput } from '../../../src/extension/prompter';

const BUTTONS = NOTIFICATION_BUTTONS;
const MESSAGES = NOTIFICATION_MESSAGES;

interface Options {
  gpus?: string[];
  workspace?: string;
  image?: string;
  start?: boolean;
  iface?: string;
}

/** One of the test user's DS01 containers, as deploy labels it, started unless asked not to. */
async function container(name: string, o: Options = {}): Promise<{ id: string; hostName: string }> {
  const user = userInfo();
  const hostName = `${name}._.${user.uid}`;
  const gpus = o.gpus ?? [];
  const c = await docker().createContainer({
    name: hostName,
    Image: o.image ?? QUICK,
    Cmd: o.image === BUSYBOX ? ['sleep', '100000'] : undefined,
    Labels: {
      'ds01.managed': 'true',
      'ds01.user': user.username,
      'ds01.name': name,
      'ds01.interface': o.iface ?? 'orchestration',
      'ds01.client': 'vscode',
      'ds01.gpu.uuids': gpus.join(','),
      'ds01.gpus': String(gpus.length),
    },
    HostConfig: {
      NetworkMode: 'none',
      Binds: o.workspace ? [`${o.workspace}:/workspace`] : undefined,
      DeviceRequests: gpus.length ? [{ Driver: 'nvidia', Count: 0, DeviceIDs: gpus, Capabilities: [['gpu']], Options: {} }] : undefined,
    },
  });
  if (o.start !== false) await c.start();
  return { id: c.id, hostName };
}

/** The terminal's lines as the page shows them (the DOM renderer, set in before()), once they hold `expected`. */
async function terminalText(file: string, expected: string): Promise<string> {
  let text = '';
  for (let i = 0; i < 10; i++) {
    const rows = await requestRead(`${file}-${i}.json`, '.terminal-wrapper .xterm-rows');
    // Long lines wrap at the terminal's width: read as one text.
    text = rows
      .filter((r) => r.visible)
      .map((r) => r.text)
      .join('\n')
      .replace(/\n/g, '');
    if (text.includes(expected)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return text;
}

/** A bash terminal with shell integration, as the user's own (where the host CUDA failure happens). */
async function shellTerminal(): Promise<vscode.Terminal> {
  const t = vscode.window.createTerminal({ name: 'k11 shell', cwd: workspaceDir(), shellPath: '/bin/bash' });
  t.show();
  await waitFor('shell integration', () => t.shellIntegration !== undefined, 20_000);
  return t;
}

async function runInShell(t: vscode.Terminal, command: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.terminal !== t) return;
      sub.dispose();
      resolve(e.exitCode);
    });
    t.shellIntegration!.executeCommand(command);
  });
}

/** Types into a quick pick as a user does, then takes the item for what was typed once it is there. */
function typeAndChoose(value: string) {
  return async (input: QuickInput) => {
    if (!isPick(input)) throw new Error(`expected a QuickPick (${input.title})`);
    input.value = value;
    await waitFor(`the item for "${value}"`, () => input.items.some((i) => i.label === value), 5000);
    const item = input.items.find((i) => i.label === value)!;
    input.activeItems = [item];
    await acceptQuickInput(input);
  };
}

describe('issue 25: what a user sees', function () {
  this.timeout(120_000);

  before(async () => {
    await removeAllContainers();
    await ensureQuickImage();
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', 'off', vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    (await api()).lifecycle.setNow(null);
    await vscode.commands.executeCommand('notifications.clearAll');
    await removeAllContainers();
  });
  after(async () => {
    (await api()).lifecycle.setNow(null);
    await vscode.workspace.getConfiguration('ds01').update('gpuRefreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const t of vscode.window.terminals) t.dispose();
    await vscode.commands.executeCommand('notifications.clearAll');
    await removeAllContainers();
  });

  it('1. Run in My Container keeps its output and exit status, says what failed, and a success clears the DS01 problem @browser', async () => {
    const ds01 = await api();
    const { id } = await container('k11-run', { workspace: workspaceDir(), image: BUSYBOX });
    await waitFor('the running container in the view', () => runningRow(ds01, { id }));

    const ok = await vscode.commands.executeCommand<{ terminal: vscode.Terminal; ended: Promise<{ status: number; text: string }> }>('ds01.runInContainer', {
      commandLine: 'echo epoch 1/2 loss=0.52; sleep 1; echo done',
      cwd: workspaceDir(),
    });
    const okEnd = await ok.ended;
    assert.equal(okEnd.status, 0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(vscode.window.terminals.includes(ok.terminal), 'the terminal stays open after the command ended');
    assert.equal(ok.terminal.exitStatus, undefined);
    const shown = await terminalText('k11-run-ok', 'Press Enter to close');
    for (const line of [
      'epoch 1/2 loss=0.52',
      'done',
      'DS01: "echo epoch 1/2 loss=0.52; sleep 1; echo done" in k11-run finished (exit status 0).',
      'Press Enter to close',
    ]) {
      assert.ok(shown.includes(line), `the terminal lacks ${JSON.stringify(line)}:\n${shown}`);
    }
    ok.terminal.dispose();

    const bad = await vscode.commands.executeCommand<{ terminal: vscode.Terminal; ended: Promise<{ status: number; text: string }> }>('ds01.runInContainer', {
      commandLine: 'python3 train.py',
      cwd: workspaceDir(),
    });
    const badEnd = await bad.ended;
    assert.equal(badEnd.status, 127);
    const failed = await terminalText('k11-run-bad', 'exit status 127');
    assert.ok(failed.includes(`python3: not found in image ${BUSYBOX}: add it to the image`), failed);
    assert.ok(vscode.window.terminals.includes(bad.terminal), 'a failed run keeps its terminal too');
    bad.terminal.dispose();

    // A command that fails on the host (a traceback on train.py line 3) and succeeds in the container.
    writeFileSync(join(workspaceDir(), 'train.py'), 'import torch\n\ndevice = torch.device("cuda")\n');
    writeFileSync(join(workspaceDir(), 'tb.txt'), TRACEBACK);
    // In the container the command runs in /workspace; on the host in the workspace folder.
    const rerun = 'sleep 1; [ "$PWD" = /workspace ] || { cat tb.txt; false; }';
    const shell = await shellTerminal();
    await runInShell(shell, rerun);
    const trainUri = vscode.Uri.file(join(workspaceDir(), 'train.py'));
    await waitFor('the DS01 problem on train.py', () => ds01Diagnostics(trainUri).length === 1);
    const again = await vscode.commands.executeCommand<{ terminal: vscode.Terminal; ended: Promise<{ status: number }> }>('ds01.runInContainer', {
      commandLine: rerun,
      cwd: workspaceDir(),
    });
    assert.equal((await again.ended).status, 0);
    await waitFor('the DS01 problem cleared by the success', () => ds01Diagnostics(trainUri).length === 0);
    again.terminal.dispose();
    shell.dispose();
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('2. a container row redraws only when its content changes: its tooltip stays up 8 s through GPU polls @browser', async () => {
    const ds01 = await api();
    await vscode.workspace.getConfiguration('ds01').update('gpuRefreshSeconds', 1, vscode.ConfigurationTarget.Global);
    // A fixed lifecycle clock: the row's countdown ("29m left") is a real change that would redraw it.
    ds01.lifecycle.setNow(new Date());
    const { id } = await container('k11-tip', { gpus: [gpuUuids()[3]], start: false });
    await vscode.commands.executeCommand('ds01.tree.focus');
    await waitFor('the row', () => ds01.treeRows().some((r) => r.id === `container/${id}`));
    await new Promise((r) => setTimeout(r, 2000));
    const before = ds01.counters().treeRedraws;
    // The window of a headless page may not count as focused (no poll then): read the GPUs as the poll does.
    let polls = 0;
    const poll = setInterval(() => {
      polls += 1;
      void ds01.readGpus();
    }, 1000);
    let hover;
    await requestScreenshot({ file: 'k11-tip-before.png' });
    try {
      hover = await requestRead('k11-tip.json', '.monaco-hover, .workbench-hover', { hover: '.monaco-list-row:has-text("k11-tip")', waitMs: 8000 });
    } finally {
      clearInterval(poll);
    }
    const after = ds01.counters().treeRedraws;
    console.log(
      `ds01-figure tooltip test: ${polls} GPU readings in the 8 s, row redraws ${after[`container/${id}`] ?? 0} -> same, whole-tree redraws ${before['*'] ?? 0} -> ${after['*'] ?? 0}`,
    );
    assert.ok(polls >= 4, `the GPU poll ran during the hover (${polls} readings)`);
    assert.equal(after[`container/${id}`] ?? 0, before[`container/${id}`] ?? 0, 'the row was not redrawn');
    assert.equal(after['*'] ?? 0, before['*'] ?? 0, 'the tree was not redrawn');
    const up = hover.filter((h) => h.visible && h.text.includes('k11-tip'));
    assert.ok(up.length > 0, `the tooltip is still up after 8 s: ${JSON.stringify(hover)}`);
    await vscode.workspace.getConfiguration('ds01').update('gpuRefreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    await docker().getContainer(id).remove({ force: true });
  });

  it("3. a stopped container: row, notice, tooltip and limits in one wording; no warning after the user's own Stop", async () => {
    const ds01 = await api();
    const { id, hostName } = await container('k11-stop', { gpus: [gpuUuids()[2]] });
    await waitFor('running', () => runningRow(ds01, { id }));
    const notices: ShownLifecycleNotice[] = [];
    const sub = ds01.lifecycle.onDidShow((n) => notices.push(n));
    try {
      await vscode.commands.executeCommand('ds01.stop', hostName);
      assert.equal((await docker().getContainer(id).inspect()).State.Running, false, 'stopped');
      const lc = await waitFor('the removal of the stopped container', () =>
        ds01.lifecycle.views()[id]?.gpuReleaseAt ? ds01.lifecycle.views()[id] : undefined,
      );
      // The first of the GPU release (which removes it too) and the removal is what comes next.
      const first = [lc.gpuReleaseAt!, lc.removeAt ?? lc.gpuReleaseAt!].sort()[0];
      const freed = first === lc.gpuReleaseAt;
      const at = new Date(first);
      const hm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
      ds01.lifecycle.setNow(new Date(at.getTime() - 10 * 60_000));
      const want = new RegExp(`^1 GPU: GPU 2 · exited · removed ${hm}${freed ? ', GPU freed' : ''} · 10m left$`);
      const row = await waitFor(`the row ${want}`, () => ds01.treeRows().find((r) => r.id === `container/${id}` && want.test(r.description)));
      const notice = await waitFor('the notice', () => notices.find((n) => n.containerId === id));
      assert.equal(notice.kind, 'after-own-stop', "information, not a warning, right after the user's own Stop");
      // Shown when the removal came within the warning time: right after the Stop, or at the clock moved here.
      assert.match(
        notice.message,
        new RegExp(
          `^DS01: stopped k11-stop; the host removes it at ${hm}, in \\d+m${freed ? '; its GPU is freed then' : ''}\\. Start it before then to keep it\\.$`,
        ),
      );
      assert.deepEqual(notice.actions, ['Start Again']);
      assert.ok(!notices.some((n) => n.kind === 'warning' && n.containerId === id), JSON.stringify(notices));
      assert.ok(row.tooltip.includes(`The host removes k11-stop (stopped) at ${hm}, in 10m${freed ? '; its GPU is freed then' : ''}.`), row.tooltip);
      assert.ok(!/Idle stop|Max runtime/.test(row.tooltip), `the tooltip says what happens next to it, not the running rules:\n${row.tooltip}`);
      const limits = ds01.treeRows().find((r) => r.id === 'limits/hold');
      assert.equal(`${limits?.label}: ${limits?.description}`, 'After stop: removed after 15m with a GPU, 30m without');
    } finally {
      sub.dispose();
      ds01.lifecycle.setNow(null);
      await vscode.commands.executeCommand('notifications.clearAll');
      await docker().getContainer(id).remove({ force: true });
    }
  });

  it('4. Keep Alive: not offered for a CPU-only container; an image without touch; off from the UI; says the folder keeps others alive @browser', async () => {
    const ds01 = await api();
    // The test image is a static busybox with a few tools: no `touch`, no `rm`.
    const folder = mkdtempSync(join(tmpdir(), 'ds01-k11-ws-'));
    const cpu = await container('k11-cpu', { workspace: folder, image: BUSYBOX });
    const gpu = await container('k11-keep', { workspace: folder, gpus: [gpuUuids()[1]], image: BUSYBOX });
    const row = (id: string) => ds01.treeRows().find((r) => r.id === `container/${id}`);
    await waitFor(
      'both rows with their lifecycle',
      () => row(cpu.id)?.contextValue === 'ds01.container.running' && row(gpu.id)?.contextValue === 'ds01.container.running.idle',
    );

    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ds01.keepAlive', 'k11-keep');
    assert.ok(existsSync(join(folder, '.keep-alive')), 'Keep Alive worked on an image without touch: the file is in the mounted folder');
    const told = await notificationShown('k11-keep-on.json', /^DS01: k11-keep: the host skips its idle stop until /);
    assert.match(
      told,
      new RegExp(
        `The file is in ${folder}, the folder mounted at /workspace, so it keeps every container with that folder alive: k11-cpu is kept alive too\\.$`,
      ),
    );
    const messages = await notificationCenter('k11-keep.json', MESSAGES);
    assert.ok(
      messages.some((m) => m.visible && m.text.includes('keeps every container with that folder alive')),
      JSON.stringify(messages),
    );
    await waitFor('the row offers Stop Keeping Alive', () => row(gpu.id)?.contextValue === 'ds01.container.running.keptAlive');

    await vscode.commands.executeCommand('ds01.keepAliveOff', 'k11-keep');
    await notificationShown('k11-keep-off.json', /^DS01: k11-keep: .*the idle stop applies again/);
    await waitFor('no keep-alive in the model', async () => {
      await ds01.lifecycle.refresh();
      return ds01.lifecycle.views()[gpu.id]?.keepAliveUntil === null;
    });
    await waitFor('Keep Alive offered again', () => row(gpu.id)?.contextValue === 'ds01.container.running.idle');
    await vscode.commands.executeCommand('notifications.clearAll');
    await Promise.all([cpu.id, gpu.id].map((i) => docker().getContainer(i).remove({ force: true })));
  });

  it('5. the CUDA prompt: three buttons, none cut off; where the GPUs are when the quota is full; Run in it leads @browser', async () => {
    const ds01 = await api();
    const [g0, g1, g2, g3] = gpuUuids();
    await container('k11-train1', { gpus: [g0, g1], start: false });
    const { id } = await container('k11-train2', { gpus: [g2, g3], workspace: workspaceDir() });
    await statusText(ds01, '$(chip) GPU 4/4 · containers 2/5');
    await waitFor('running', () => runningRow(ds01, { id }));
    ds01.failures.closeBursts();
    const seen: Array<{ message: string; actions: string[] }> = [];
    const sub = ds01.failures.onDidShow((n) => seen.push(n));
    writeFileSync(join(workspaceDir(), 'tb.txt'), TRACEBACK);
    const shell = await shellTerminal();
    try {
      await runInShell(shell, 'sleep 1; cat tb.txt; false');
      const n = await waitFor('the notification', () => seen[0]);
      assert.equal(
        n.message,
        'GPU compute is blocked on this host; it runs inside containers. All 4 of your GPUs are in k11-train1 (stopped) and k11-train2: run it in k11-train2?',
      );
      assert.ok(!/0 of 4 GPUs free/.test(n.message));
      assert.deepEqual(
        n.actions,
        ['Run in k11-train2', 'Show My Limits', "Don't Show Again"],
        'Deploy is not offered as the main button when only a CPU container could be had',
      );
      const buttons = await notificationCenter('k11-prompt.json', BUTTONS);
      const ours = buttons.filter((b) => n.actions.includes(b.text.trim()));
      assert.equal(ours.length, 3, `the three buttons on the page: ${JSON.stringify(buttons)}`);
      assert.ok(
        ours.every((b) => b.visible && !b.cutOff),
        `no button cut off: ${JSON.stringify(ours)}`,
      );
    } finally {
      sub.dispose();
      shell.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
      await removeAllContainers();
    }
  });

  it('5b. after a Deploy started from the prompt, the deploy offers to re-run the failed command there', async () => {
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    const answers = answerQuickInputs(ds01, [typeAndAccept('k11-rerun'), choose(/^ds01-test\/quick-stop:latest$/), choose(/^1 GPU$/), choose(/Deploy/)]);
    try {
      const result = await vscode.commands.executeCommand<DeployResult | undefined>('ds01.deploy', {
        rerun: { commandLine: 'python3 train.py', cwd: workspaceDir() },
      });
      await answers.done;
      assert.ok(result);
    } finally {
      answers.dispose();
    }
    const out = await notificationCenter('k11-rerun.json', BUTTONS);
    const labels = out.filter((b) => b.visible).map((b) => b.text.trim());
    assert.ok(labels.includes('Run "python3 …" There'), `the deploy's notification offers the re-run: ${labels.join(' | ')}`);
    assert.ok(!labels.includes('Attach VS Code'), 'no Attach without Dev Containers');
    await vscode.commands.executeCommand('notifications.clearAll');
    await removeAllContainers();
  });

  it('6. GPU numbers one way ("2 GPUs: GPU 0, GPU 1") and the container\'s name, never its engine name, in messages', async () => {
    const ds01 = await api();
    const [g0, g1] = gpuUuids();
    const { id, hostName } = await container('k11-names', { gpus: [g0, g1], start: false });
    const row = await waitFor('the row', () => ds01.treeRows().find((r) => r.id === `container/${id}`));
    assert.match(row.description, /^2 GPUs: GPU 0, GPU 1 · /);
    assert.match(row.tooltip, /GPUs: 2 GPUs: GPU 0, GPU 1/);
    assert.equal(ds01.treeRows().find((r) => r.id === 'limits/gpus')?.description, '2/4: GPU 0, GPU 1');
    await vscode.commands.executeCommand('ds01.showLimits');
    const limitsText = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(limitsText, /2\/4 GPUs: GPU 0, GPU 1/);
    assert.ok(!/slots 0, 1/.test(limitsText));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    let detail = '';
    let title = '';
    const answers = answerQuickInputs(ds01, [
      (input) => {
        title = input.title ?? '';
        detail = isPick(input) ? (input.items[0].detail ?? '') : '';
        return choose(/^Cancel$/)(input);
      },
    ]);
    try {
      await vscode.commands.executeCommand('ds01.retire', hostName);
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.equal(title, 'Retire k11-names?');
    assert.match(detail, /Its GPUs are freed \(2 GPUs: GPU 0, GPU 1\)\.$/);
    await docker().getContainer(id).remove({ force: true });
  });

  it('7. Retire says the stop grace of the host for its type and closes terminals into it quietly first', async () => {
    const ds01 = await api();
    const { id } = await container('k11-retire', { iface: 'orchestration' });
    await waitFor('running', () => runningRow(ds01, { id }));
    const before = new Set(vscode.window.terminals);
    await vscode.commands.executeCommand('ds01.openTerminal', 'k11-retire');
    const terminal = vscode.window.terminals.find((t) => !before.has(t) && t.name === 'DS01: k11-retire');
    assert.ok(terminal, 'a terminal into k11-retire');
    assert.ok(await terminal.processId);
    let detail = '';
    const answers = answerQuickInputs(ds01, [
      (input) => {
        detail = isPick(input) ? (input.items[0].detail ?? '') : '';
        return choose(/^Retire$/)(input);
      },
    ]);
    try {
      await vscode.commands.executeCommand('ds01.retire', 'k11-retire');
      await answers.done;
    } finally {
      answers.dispose();
    }
    // The test host's limits set no sigterm_grace_s: the host's scripts then give 60 s.
    assert.match(detail, /^It is stopped \(up to 60 s for its programs to exit, then killed\) and removed/);
    assert.ok(!vscode.window.terminals.includes(terminal), 'the terminal into it was closed');
    assert.equal(terminal.exitStatus?.code, undefined, 'closed by us, not ended by the kill (no "exit code 137")');
  });

  it('8. Deploy steps: a typed image is checked and used; the GPU step starts on 1 GPU; no stale placeholder; Attach only with Dev Containers', async () => {
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    let active = '';
    let placeholder: string | undefined;
    const answers = answerQuickInputs(ds01, [
      typeAndAccept('k11-typed'),
      typeAndChoose('no-such/image:1'),
      typeAndChoose(QUICK),
      (input) => {
        active = isPick(input) ? (input.activeItems[0]?.label ?? '') : '';
        placeholder = input.placeholder;
        return choose(/^1 GPU$/)(input);
      },
      choose(/Deploy/),
    ]);
    let result: DeployResult | undefined;
    try {
      result = await vscode.commands.executeCommand<DeployResult | undefined>('ds01.deploy');
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.equal(answers.seen.length, 5, 'a name not on the host is refused and the image asked again');
    assert.ok(result);
    assert.equal(result.image, QUICK);
    assert.equal(active, '1 GPU', 'a GPU is free: the step starts on 1 GPU');
    assert.equal(placeholder, 'GPUs', 'nothing is refused: no words about a line that is not there');
    const buttons = await notificationCenter('k11-deployed.json', BUTTONS);
    assert.ok(
      buttons.some((b) => b.text === 'Open Terminal'),
      JSON.stringify(buttons),
    );
    assert.ok(!buttons.some((b) => b.text.includes('Attach VS Code')), JSON.stringify(buttons));
    await vscode.commands.executeCommand('notifications.clearAll');
    await removeAllContainers();
  });

  it("9. Status bar: at the limit is no error; one tooltip line per fact; Deploy's reasons whole; a host alert shows when it arrives, whole, with its action @browser", async () => {
    const ds01 = await api();
    const [g0, g1, g2, g3] = gpuUuids();
    await container('k11-full1', { gpus: [g0, g1], start: false });
    await container('k11-full2', { gpus: [g2, g3], start: false });
    await statusText(ds01, '$(chip) GPU 4/4 · containers 2/5');
    const bar = ds01.statusBar();
    assert.equal(bar.background, undefined, 'at the GPU limit: a state, not an error');
    assert.equal((bar.tooltip.match(/\| GPUs \|/g) ?? []).length, 1);
    assert.ok(!bar.tooltip.includes('| GPU quota |'), `one line for the GPUs: ${bar.tooltip}`);

    // Deploy's GPU step with the quota full: the reasons for the counts not offered, whole, none cut off.
    let details: string[] = [];
    let cut: Array<{ text: string }> = [];
    const answers = answerQuickInputs(ds01, [
      typeAndAccept('k11-refused'),
      choose(/^ds01-test\/quick-stop:latest$/),
      async (input) => {
        details = isPick(input) ? input.items.map((i) => i.detail ?? '').filter(Boolean) : [];
        const seen = await requestRead('k11-refusals.json', '.quick-input-list .monaco-list-row *', { waitMs: 500 });
        cut = seen.filter((e) => e.visible && e.cutOff && e.text.trim() !== '');
        input.hide();
      },
    ]);
    try {
      await vscode.commands.executeCommand('ds01.deploy');
      await answers.done;
    } finally {
      answers.dispose();
    }
    const reason = 'GPU quota reached: you use 4 of 4 GPU-equivalents; 1 more GPU would need at least 1.';
    assert.ok(details.join(' ').includes(reason), `the whole reason: ${details.join(' / ')}`);
    assert.deepEqual(cut, [], 'no text of the GPU step is cut off');

    const notices: ShownLifecycleNotice[] = [];
    const sub = ds01.lifecycle.onDidShow((n) => notices.push(n));
    try {
      const dir = join(hostDir(), 'state', 'alerts');
      const long =
        'GPU limit reached: 4/4 GPUs allocated.\nRetire a container you no longer need before deploying another one, or wait for the host to release held GPUs.';
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `${userInfo().username}.json`),
        JSON.stringify([{ type: 'gpu_limit_reached', message: long, created_at: new Date().toISOString() }]),
      );
      // No Refresh: the alert comes by itself.
      const n = await waitFor('the alert', () => notices.find((x) => x.kind === 'alert'), 5000);
      assert.equal(n.message, `DS01 (host): ${long.replace('\n', ' ')}`, 'whole, on one line');
      assert.deepEqual(n.actions, ['Retire a Container']);
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
      await removeAllContainers();
    }
  });
});
