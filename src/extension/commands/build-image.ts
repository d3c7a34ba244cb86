// DS01: Build Image — the folder's Dockerfile (palette: the workspace folder; Explorer: a folder or a Dockerfile)
// built as ds01-<uid>/<project>:latest, live in the build terminal. A folder without one is offered a DS01
// Dockerfile (framework -> base image, its requirements), written into the folder for the user to own and edit.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { FRAMEWORKS, type Framework } from '../../core/images/dockerfile';
import { writeProjectDockerfile } from '../../host/images';
import type { Ds01Context } from '../context';
import { runBuild } from '../images/run-build';
import { workspaceDir } from '../workspace-folder';

/** A folder or a Dockerfile in it (Explorer), a path (tests, other commands), or nothing (the workspace folder). */
export type ProjectArg = vscode.Uri | string | undefined;

export function projectOf(arg: ProjectArg): { folder: string; dockerfile?: string } {
  const path = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : workspaceDir();
  if (existsSync(path) && statSync(path).isFile()) return { folder: dirname(path), dockerfile: basename(path) };
  return { folder: path };
}

export async function buildImage(ctx: Ds01Context, arg?: ProjectArg): Promise<void> {
  const { folder, dockerfile } = projectOf(arg);
  if (!dockerfile && !existsSync(join(folder, 'Dockerfile'))) {
    const written = await offerDockerfile(ctx, folder);
    if (!written) return;
  }
  const result = await runBuild(ctx, { folder, dockerfile });
  if (!result) return;
  void vscode.window.showInformationMessage(`DS01: built ${result.image}.`, 'Open Folder in GPU Container').then((c) => {
    if (c) void vscode.commands.executeCommand('ds01.openFolderInGpuContainer', folder);
  });
}

/** Offers to write a DS01 Dockerfile; opens it once written. */
export async function offerDockerfile(ctx: Ds01Context, folder: string): Promise<boolean> {
  const pick = await ctx.prompter.pick(
    [...FRAMEWORKS.map((f) => ({ label: f, framework: f as Framework, description: f === 'pytorch' ? 'default' : undefined })), { label: 'Cancel' }],
    {
      title: `DS01: ${folder} has no Dockerfile — write one the DS01 way?`,
      step: 1,
      totalSteps: 1,
      placeholder: 'Framework (base image); your requirements.txt / pyproject.toml dependencies are added',
    },
  );
  if (!pick || !('framework' in pick) || !pick.framework) return false;
  const written = writeProjectDockerfile(folder, ctx.state.user, pick.framework);
  ctx.log.info(`wrote ${written.path} (FROM ${written.baseImage})`);
  await vscode.window.showTextDocument(vscode.Uri.file(written.path), { preview: false });
  return true;
}
