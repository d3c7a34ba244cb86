// DS01: Add Dev Container Configuration — writes .devcontainer/devcontainer.json into the project as the host's
// `devcontainer init` does (the same writer as `ds01 devcontainer init`): the image (or the project's
// Dockerfile), then a GPU count among those the per-container cap allows. An existing file is replaced only
// after the user says so, and kept as devcontainer.json.bak.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { defaultGpus, devcontainerText, FRAMEWORK_IMAGES, gpuCounts, quotaNote } from '../../core/devcontainer';
import { gpuCapOf } from '../../host/devcontainer/context';
import { hasDockerfile, initChoices, type InitRequest } from '../../host/devcontainer/init';
import { devcontainerPath, projectFolder, writeDevcontainer } from '../../host/devcontainer/write';
import type { Ds01Context } from '../context';
import { windowLimits } from '../devcontainer/limits';
import { workspaceDir } from '../workspace-folder';
import { devContainersInstalled } from '../dev-containers';
import { plural } from '../../core/format';

const TITLE = 'DS01: Add Dev Container Configuration';
const OTHER_IMAGE = 'Another image…';

export async function addDevcontainer(ctx: Ds01Context, target?: vscode.Uri): Promise<void> {
  const folder = projectFolder(target?.scheme === 'file' ? folderOf(target.fsPath) : workspaceDir());
  const path = devcontainerPath(folder);
  const exists = existsSync(path);
  if (exists && !(await ctx.prompter.confirm(`${path} exists.`, 'Replace it? The old one is kept as devcontainer.json.bak.', 'Replace'))) {
    await vscode.window.showTextDocument(vscode.Uri.file(path));
    return;
  }
  const source = await pickSource(ctx, folder);
  if (!source) return;
  const limits = windowLimits(ctx.state);
  const cap = gpuCapOf(limits);
  const counts = gpuCounts(cap);
  const first = defaultGpus(cap);
  const capText = 'unknown' in cap ? `cap not known: ${cap.unknown}` : cap.max === null ? 'no per-container cap' : `your per-container cap is ${cap.max}`;
  const gpus = await ctx.prompter.pick(
    [first, ...counts.filter((n) => n !== first)].map((n) => ({ label: n === 0 ? 'No GPU' : plural(n, 'GPU'), n })),
    { title: TITLE, placeholder: `GPUs for the container (${capText}); DS01 allocates them when it starts`, step: 2, totalSteps: 2 },
  );
  if (!gpus) return;
  const { choices } = initChoices({ folder, ...source, gpus: gpus.n }, ctx.state.user, limits);
  const written = writeDevcontainer(folder, devcontainerText(choices), { force: exists });
  ctx.log.info(`devcontainer: wrote ${written.path}${written.backup ? ` (old one: ${written.backup})` : ''}`);
  await vscode.window.showTextDocument(vscode.Uri.file(written.path));
  const reopen = devContainersInstalled() ? ['Reopen in Container'] : [];
  const report = ctx.state.view?.report;
  const quota = report ? quotaNote(choices.gpus, report.gpus.used, report.gpus.limit) : null;
  void vscode.window
    .showInformationMessage(
      `DS01: wrote ${written.path}. ${quota ?? ''} ${reopen.length ? '' : 'Install Dev Containers to open the folder in it.'}`.replace(/ +/g, ' ').trim(),
      ...reopen,
    )
    .then((c) => {
      if (c) void vscode.commands.executeCommand('remote-containers.reopenInContainer');
    });
}

async function pickSource(ctx: Ds01Context, folder: string): Promise<Pick<InitRequest, 'image' | 'framework'> | undefined> {
  const items = [
    ...(hasDockerfile(folder) ? [{ label: "The project's Dockerfile", description: 'build from ../Dockerfile', request: {} }] : []),
    ...Object.entries(FRAMEWORK_IMAGES).map(([framework, image]) => ({ label: framework, description: image, request: { framework } })),
    { label: OTHER_IMAGE, description: 'e.g. your ds01-<uid>/<project>:latest', request: null },
  ];
  const chosen = await ctx.prompter.pick(items, { title: TITLE, placeholder: 'What the container runs', step: 1, totalSteps: 2 });
  if (!chosen) return undefined;
  if (chosen.request) return chosen.request;
  const image = await ctx.prompter.input({ title: TITLE, prompt: 'Image name', validate: (v) => (v.trim() ? undefined : 'Give an image name') });
  return image ? { image: image.trim() } : undefined;
}

function folderOf(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}
