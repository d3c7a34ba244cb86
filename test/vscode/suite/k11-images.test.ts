// Build Image and Open Folder in GPU Container through the commands, against the private engine: a failing build
// puts a diagnostic on its Dockerfile line and the next good build clears it; a project folder opens in its
// container with a terminal at /workspace, and a second open reuses that container.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { OpenedProject } from '../../../src/extension/commands/open-folder-in-gpu-container';
import { requestScreenshot } from './browser';
import { answerQuickInputs, api, BUSYBOX, choose, docker, ds01Diagnostics, hostDir, removeAllContainers, REPO, waitFor } from './ds01';

function projectFolder(name: string, dockerfile: string, files: Record<string, string> = {}): string {
  const dir = join(hostDir(), 'projects', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  return dir;
}

async function execIn(id: string, cmd: string[]): Promise<string> {
  const exec = await docker().getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let out = '';
  stream.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise((r) => stream.on('end', r));
  return out;
}

describe('images: Build Image and Open Folder in GPU Container', function () {
  this.timeout(120000);
  before(removeAllContainers);
  after(removeAllContainers);

  it('a failing build puts a diagnostic on the failing Dockerfile line; the next good build clears it', async () => {
    await api();
    const dir = projectFolder('vsc-build', `FROM ${BUSYBOX}\n# set up\nRUN echo ready\nRUN echo broken && \\\n  false\n`);
    const dockerfile = vscode.Uri.file(join(dir, 'Dockerfile'));
    const started = Date.now();
    const image = `ds01-${process.getuid!()}/vsc-build:latest`;
    await vscode.commands.executeCommand('ds01.buildImage', dir);
    await assert.rejects(docker().getImage(image).inspect(), /no such image/i, 'the build failed: no image');
    const diags = ds01Diagnostics(dockerfile);
    assert.equal(diags.length, 1, JSON.stringify(diags));
    assert.equal(diags[0].range.start.line, 3, 'line 4 (0-based 3): the RUN that failed');
    assert.equal(diags[0].range.end.line, 4, 'to its continuation line');
    assert.match(diags[0].message, /Build failed at step 3\/4: The command .* returned a non-zero code: 1/);
    console.log(`ds01-figure build of a failing 3-step Dockerfile, command to diagnostic: ${Date.now() - started} ms`);
    const log = (await api()).buildLog();
    assert.ok(
      log.lines.some((l) => l === '[3/4] RUN echo broken &&   false'),
      log.lines.join('\n'),
    );
    assert.ok(log.lines.includes('broken'), "the step's own output is in the log");
    console.log(`ds01-figure build log: first line reached the terminal ${log.firstLineDelayMs} ms after it arrived from the engine`);

    writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\n# set up\nRUN echo ready\n`);
    await vscode.commands.executeCommand('ds01.buildImage', vscode.Uri.file(join(dir, 'Dockerfile')));
    const built = await docker().getImage(image).inspect();
    assert.ok(built.RepoTags?.includes(image), 'the good build made the image');
    assert.deepEqual(ds01Diagnostics(dockerfile), [], 'cleared by the good build');
    const ds01 = await api();
    // Where a user looks for it: a window whose view was never shown reads no images.
    await vscode.commands.executeCommand('ds01.tree.focus');
    await waitFor('the image under My images', () => ds01.treeRows().some((r) => r.id === `image/${image}` && r.contextValue === 'ds01.image.unused'));
  });

  it('the build log and the failing line, as a user sees them @browser', async () => {
    const dir = projectFolder(
      'my-project',
      `FROM ${BUSYBOX}\n# the project's tools\nRUN echo installing numpy && echo installing torch\nRUN echo "training setup" && \\\n  no-such-tool --check\nCMD ["sh"]\n`,
      { 'train.py': 'print("hello")\n' },
    );
    await vscode.window.showTextDocument(vscode.Uri.file(join(dir, 'Dockerfile')), { preview: false });
    await vscode.commands.executeCommand('ds01.buildImage', dir);
    await assert.rejects(docker().getImage(`ds01-${process.getuid!()}/my-project:latest`).inspect(), /no such image/i, 'the build failed: no image');
    const shot = await requestScreenshot({ file: 'screenshot-build-log.png', waitMs: 2000 });
    if (process.env.DS01_UPDATE_MEDIA === '1') {
      mkdirSync(join(REPO, 'media'), { recursive: true });
      copyFileSync(shot, join(REPO, 'media', 'screenshot-build-log.png'));
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a project folder in a GPU container with a terminal at /workspace showing its files; a stale image is asked about; a second open reuses it', async () => {
    const ds01 = await api();
    const dir = projectFolder('vsc-launch', `FROM ${BUSYBOX}\n`, { 'train.py': 'print("hello")\n' });
    const answers = answerQuickInputs(ds01, [choose(/^1 GPU$/)]);
    let opened: OpenedProject | undefined;
    try {
      opened = await vscode.commands.executeCommand<OpenedProject | undefined>('ds01.openFolderInGpuContainer', vscode.Uri.file(dir));
      await answers.done;
    } finally {
      answers.dispose();
    }
    assert.ok(opened, 'opened');
    assert.equal(opened.built?.image, `ds01-${process.getuid!()}/vsc-launch:latest`, 'built because it was missing');
    assert.equal(opened.container, 'deployed');
    assert.equal(opened.attached, false, 'no Dev Containers here: a terminal');
    const terminal = opened.terminal!;
    assert.equal(terminal.name, 'DS01: vsc-launch');
    const args = (terminal.creationOptions as vscode.TerminalOptions).shellArgs as string[];
    assert.deepEqual(args.slice(0, 4), ['exec', '-it', '-w', '/workspace']);
    assert.ok((await terminal.processId) ?? 0 > 0, 'the terminal runs docker exec');
    const info = await docker().getContainer(opened.id).inspect();
    assert.equal(info.Config.Labels['ds01.project'], 'vsc-launch');
    assert.equal(info.Config.Labels['ds01.workspace'], dir);
    assert.match(await execIn(opened.id, ['sh', '-c', 'cd /workspace && ls']), /train\.py/, 'the project files at /workspace');
    terminal.dispose();

    // The Dockerfile changed after the build: asked, and "Use it as it is" keeps the image and the container.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'Dockerfile'), later, later);
    let question = '';
    const stale = answerQuickInputs(ds01, [
      (input) => {
        question = input.title ?? '';
        return choose(/^Use it as it is$/)(input);
      },
    ]);
    let again: OpenedProject | undefined;
    try {
      again = await vscode.commands.executeCommand<OpenedProject | undefined>('ds01.openFolderInGpuContainer', dir);
      await stale.done;
    } finally {
      stale.dispose();
    }
    assert.match(question, /vsc-launch:latest is older than Dockerfile/);
    assert.ok(again);
    assert.equal(again.container, 'reused');
    assert.equal(again.id, opened.id);
    assert.equal(again.built, null);
    again.terminal?.dispose();
    const all = await docker().listContainers({ all: true, filters: { label: ['ds01.project=vsc-launch'] } });
    assert.equal(all.length, 1, 'never a second container for the project');
  });
});
