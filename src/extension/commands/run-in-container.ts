// DS01: Run in My Container — re-runs a failed command in the user's running container whose /workspace maps
// the folder it ran in: a terminal whose process is `docker exec -it -w <dir> <container> sh -lc <command>`
// (argv, no host shell in between).
import * as vscode from 'vscode';
import { containerForFolder, execArgv } from '../../core/containers/run-in-container';
import { usableView, type Ds01Context } from '../context';
import { folderOf } from '../workspace-folder';
import { dockerTerminal } from './docker-terminal';

export interface RerunArgs {
  commandLine?: string;
  cwd?: string;
}

export async function runInContainer(ctx: Ds01Context, args?: RerunArgs): Promise<vscode.Terminal | undefined> {
  const view = usableView(ctx);
  const folder = folderOf(args?.cwd);
  const target = containerForFolder(view.containers, folder);
  if (!target) {
    const choice = await vscode.window.showWarningMessage(`DS01: none of your running containers has ${folder} under its /workspace.`, 'Deploy Container');
    if (choice) void vscode.commands.executeCommand('ds01.deploy');
    return undefined;
  }
  const commandLine = args?.commandLine?.trim()
    || await vscode.window.showInputBox({ title: 'DS01: Run in My Container', prompt: `Command to run in ${target.container.displayName} (${target.workdir})` });
  if (!commandLine) return undefined;
  const terminal = dockerTerminal(ctx, `DS01: ${target.container.displayName}`, execArgv(target, commandLine));
  ctx.log.info(`run in ${target.container.name} (${target.workdir}): ${commandLine}`);
  return terminal;
}
