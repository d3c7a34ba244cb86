// Where the CUDA-failure prompt's "Deploy" goes: a folder that has a Dockerfile or a built project image opens in
// a GPU container (its own image, its files at /workspace); any other folder gets Deploy Container. Kept apart
// from the prompt's wording (issue 25 reworks that) so either side can change alone.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { projectImage, projectNameFromFolder } from '../../core/images/name';
import { imageId } from '../../host/images';
import type { Engine } from '../../host/engine';

/** `deployArgs`: what Deploy Container gets (the failed command to offer for a re-run, from the prompt). */
export async function deployCommandFor(folder: string, engine: Engine, uid: number, deployArgs: unknown[] = []): Promise<{ command: string; args: unknown[] }> {
  if (existsSync(join(folder, 'Dockerfile'))) return { command: 'ds01.openFolderInGpuContainer', args: [folder] };
  const project = projectNameFromFolder(basename(folder));
  const built = project !== '' && (await imageId(engine, projectImage(project, uid)).catch(() => null)) !== null;
  return built ? { command: 'ds01.openFolderInGpuContainer', args: [folder] } : { command: 'ds01.deploy', args: deployArgs };
}

export async function runDeployFor(folder: string, engine: Engine, uid: number, deployArgs: unknown[] = []): Promise<unknown> {
  const { command, args } = await deployCommandFor(folder, engine, uid, deployArgs);
  return vscode.commands.executeCommand(command, ...args);
}
