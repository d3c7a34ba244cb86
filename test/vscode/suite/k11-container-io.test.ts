// Inside my container from VS Code: View Logs opens a read-only editor that follows the container's output
// and closes its engine stream with the tab; Pause says what it means on DS01 before it pauses, the paused
// row says for how long, and Unpause resumes it.
import * as assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { notificationShown, requestScreenshot } from './browser';
import { answerQuickInputs, api, choose, docker, isPick, removeAllContainers, waitFor, BUSYBOX, REPO } from './ds01';

async function talker(name: string): Promise<string> {
  const user = userInfo();
  const c = await docker().createContainer({
    name: `${name}._.${user.uid}`,
    Image: BUSYBOX,
    Cmd: ['/bin/busybox', 'sh', '-c', 'echo hello-out; echo hello-err >&2; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done'],
    Labels: { 'ds01.managed': 'true', 'ds01.user': user.username, 'ds01.name': name, 'ds01.interface': 'orchestration', 'ds01.client': 'vscode' },
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  return c.id;
}

const logDoc = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ds01-logs');

describe('inside my container: logs and pause', () => {
  before(async () => {
    await removeAllContainers();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllContainers();
  });

  it('View Logs opens the log, with stdout and stderr, follows it while open, and stops its stream when closed', async () => {
    const ds01 = await api();
    const id = await talker('logs-1');
    const row = await waitFor('the running row', () => ds01.treeRows().find((r) => r.id === `container/${id}` && r.description.includes('running')));
    assert.equal(row.contextValue, 'ds01.container.running');
    await vscode.commands.executeCommand('ds01.viewLogs', 'logs-1');
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'ds01-logs', 'the log is the editor in front');
    // The engine keeps the order within a stream, not across stdout and stderr.
    const first = await waitFor('the first lines', () => {
      const t = logDoc()?.getText() ?? '';
      return /^hello-out$/m.test(t) && /^hello-err$/m.test(t) ? t : undefined;
    });
    assert.match(first, /^── logs-1 \(logs-1\._\.\d+\): the last 500 lines, following\./);
    const ticks = (t: string) => (t.match(/^tick-\d+$/gm) ?? []).length;
    const seen = ticks(first);
    await waitFor('lines written after it opened', () => ticks(logDoc()?.getText() ?? '') >= seen + 3);
    assert.equal(ds01.counters().logStreams, 1, 'one engine stream while the tab is open');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the stream closed with the tab', () => ds01.counters().logStreams === 0);
    console.log('ds01-figure log streams after the log tab closed: 0');
  });

  it('Pause says what it means on DS01, pauses; the row shows for how long; Unpause resumes', async () => {
    const ds01 = await api();
    const id = await talker('pause-1');
    await waitFor('the running row', () => ds01.treeRows().find((r) => r.id === `container/${id}` && r.description.includes('running')));
    let detail = '';
    const answers = answerQuickInputs(ds01, [
      (input) => {
        if (isPick(input)) detail = input.items.map((i) => i.detail ?? '').join(' ');
        return choose(/^Pause$/)(input);
      },
    ]);
    try {
      const paused = vscode.commands.executeCommand('ds01.pause', 'pause-1');
      await answers.done;
      await paused;
    } finally {
      answers.dispose();
    }
    assert.match(detail, /Pausing freezes every process in pause-1/);
    assert.match(detail, /no maximum pause time/);
    assert.equal((await docker().getContainer(id).inspect()).State.Status, 'paused');
    const row = await waitFor('the paused row', () =>
      ds01.treeRows().find((r) => r.id === `container/${id}` && r.contextValue === 'ds01.container.paused' && /paused \d+m/.test(r.description)),
    );
    assert.match(row.description, /· paused · paused 1m/);
    await vscode.commands.executeCommand('ds01.unpause', 'pause-1');
    assert.equal((await docker().getContainer(id).inspect()).State.Status, 'running');
    await waitFor('the running row again', () => ds01.treeRows().find((r) => r.id === `container/${id}` && r.contextValue === 'ds01.container.running'));
  });

  it('Unpause of a container that is not paused: refused in one line, the container untouched @browser', async () => {
    const [c] = await docker().listContainers({ filters: { name: ['pause-1'] } });
    assert.equal(c?.State, 'running', 'the container of the test above runs');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ds01.unpause', 'pause-1');
    await notificationShown('unpause-refused.json', /^DS01: pause-1 is running, not paused\. Nothing to do\.$/);
    assert.equal((await docker().getContainer(c.Id).inspect()).State.Status, 'running');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('live use on the rows: one stats stream per running container while the view is visible and focused, none when hidden @browser', async function () {
    this.timeout(60_000);
    const ds01 = await api();
    const running = (await docker().listContainers()).length;
    assert.ok(running >= 2, 'the containers of the tests above still run');
    await vscode.commands.executeCommand('workbench.view.extension.ds01');
    await waitFor('the tree visible', () => ds01.counters().treeVisible);
    if (ds01.counters().windowFocused) {
      const row = await waitFor('CPU and memory on a row', () =>
        ds01.treeRows().find((r) => r.label === 'logs-1' && /CPU \d+% · mem [\d.]+ \w+\/[\d.]+ \w+/.test(r.description)),
      );
      assert.match(row.description, /^no GPU · running · CPU/);
      assert.equal(ds01.counters().statsStreams.open, running, 'one stream per running container');
      // For the README: a log editor next to the rows with their live use.
      await vscode.commands.executeCommand('ds01.viewLogs', 'logs-1');
      await vscode.commands.executeCommand('ds01.tree.focus');
      const shot = await requestScreenshot({ file: 'screenshot-logs-stats.png', waitMs: 2500 });
      if (process.env.DS01_UPDATE_MEDIA === '1') copyFileSync(shot, join(REPO, 'media', 'screenshot-logs-stats.png'));
    } else {
      console.log('ds01-figure stats: the test window has no focus, so no stream may open');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(ds01.counters().statsStreams.open, 0, 'no stream without focus');
    }
    console.log(`ds01-figure stats streams while visible: ${ds01.counters().statsStreams.open} for ${running} running containers`);
    // My disk use, read in the background once the view showed: the home's size against quota-check's 100 GiB here.
    const disk = await waitFor('the Disk row', () => ds01.treeRows().find((r) => r.id === 'limits/disk' && / of 100 GiB \(\d+%\)$/.test(r.description)));
    assert.equal(disk.label, 'Disk');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('every stream closed with the view', () => ds01.counters().statsStreams.open === 0);
    const opened = ds01.counters().statsStreams.opened;
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(ds01.counters().statsStreams.opened, opened, 'none opened while hidden');
    assert.ok(!ds01.treeRows().some((r) => /CPU \d+%/.test(r.description)), 'no stale figures on hidden rows');
  });

  it("Open Port in Browser: the container's answer through the forwarded URI, nothing published on the host", async function () {
    this.timeout(60_000);
    const user = userInfo();
    const c = await docker().createContainer({
      name: `site-1._.${user.uid}`,
      Image: BUSYBOX,
      Cmd: ['/bin/busybox', 'sh', '-c', 'mkdir -p /www; echo hello-from-httpd > /www/index.html; /bin/busybox httpd -p 8888 -h /www; exec sleep 100000'],
      Labels: { 'ds01.managed': 'true', 'ds01.user': user.username, 'ds01.name': 'site-1', 'ds01.interface': 'orchestration', 'ds01.client': 'vscode' },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    assert.deepEqual((await c.inspect()).HostConfig.PortBindings ?? {}, {}, 'no port published');
    const ds01 = await api();
    await waitFor('the running row', () => ds01.treeRows().find((r) => r.label === 'site-1' && r.description.includes('running')));
    const answers = answerQuickInputs(ds01, [choose(/^8888$/)]);
    let uri: string | undefined;
    try {
      uri = await vscode.commands.executeCommand<string>('ds01.openPort', 'site-1');
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.ok(uri, 'a forwarded URI');
    console.log(`ds01-figure open port: forwarded URI ${uri}`);
    const body = await (await fetch(uri)).text();
    assert.equal(body, 'hello-from-httpd\n');
  });

  it('Start Jupyter Lab: started with a token, its page through the forwarded URI; Stop Jupyter Lab stops it', async function () {
    this.timeout(90_000);
    const user = userInfo();
    // A stand-in for jupyter on the container's PATH (test/fixtures/jupyter-stand-in.sh: no network here to install it).
    const c = await docker().createContainer({
      name: `jl-1._.${user.uid}`,
      Image: BUSYBOX,
      Cmd: ['/bin/busybox', 'sh', '-c', 'printf "%s\\n" "$JUPYTER_STAND_IN" > /bin/jupyter; chmod +x /bin/jupyter; exec sleep 100000'],
      Env: [`JUPYTER_STAND_IN=${readFileSync(join(REPO, 'test/fixtures/jupyter-stand-in.sh'), 'utf8')}`],
      Labels: { 'ds01.managed': 'true', 'ds01.user': user.username, 'ds01.name': 'jl-1', 'ds01.interface': 'orchestration', 'ds01.client': 'vscode' },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    const ds01 = await api();
    await waitFor('the running row', () => ds01.treeRows().find((r) => r.label === 'jl-1' && r.description.includes('running')));
    const url = await vscode.commands.executeCommand<string>('ds01.startJupyter', 'jl-1');
    assert.match(url ?? '', /\/lab\?token=[0-9a-f]{48}$/);
    const token = /token=([0-9a-f]+)/.exec(url!)![1];
    assert.equal(await (await fetch(url!)).text(), `lab token ${token}\n`);
    // A second one in the same container: the next port, its own token.
    const url2 = await vscode.commands.executeCommand<string>('ds01.startJupyter', 'jl-1');
    const token2 = /token=([0-9a-f]+)/.exec(url2 ?? '')![1];
    assert.notEqual(token2, token);
    assert.equal(await (await fetch(url2!)).text(), `lab token ${token2}\n`);
    assert.deepEqual((await c.inspect()).HostConfig.PortBindings ?? {}, {}, 'no port published');
    // By the container's full name, as a tree row hands it over: both servers this window started there.
    await vscode.commands.executeCommand('ds01.stopJupyter', `jl-1._.${user.uid}`);
    // Gone: the forwarded page no longer answers with it.
    const after = await fetch(url!).then(
      (r) => r.text(),
      (e: Error) => e.message,
    );
    assert.notEqual(after, `lab token ${token}\n`);
    const after2 = await fetch(url2!).then(
      (r) => r.text(),
      (e: Error) => e.message,
    );
    assert.notEqual(after2, `lab token ${token2}\n`);
    const listening = await (
      await docker()
        .getContainer(c.id)
        .exec({ Cmd: ['cat', '/proc/net/tcp', '/proc/net/tcp6'], AttachStdout: true })
    ).start({});
    const tcp = await new Promise<string>((resolve) => {
      let t = '';
      listening.on('data', (b: Buffer) => {
        t += b.toString('latin1');
      });
      listening.on('end', () => resolve(t));
    });
    assert.ok(!/:22B8 .* 0A |:22B9 .* 0A /.test(tcp), 'nothing listens on 8888 or 8889 any more');
    // An image without jupyter: one line saying how to add it, the command's failed value.
    assert.equal(await vscode.commands.executeCommand('ds01.startJupyter', 'logs-1'), undefined);
  });
});
