// "DS01: deployed NAME (GPUs, image)." with Open Terminal / Attach VS Code, for every way a deploy from a window
// ends in a container: Deploy now, or a GPU that came free for a waiter (wait-runner.ts).
import * as vscode from 'vscode';
import { formatGpus } from '../core/format';
import type { RerunArgs } from './commands/run-in-container';
import type { Ds01Context } from './context';
import { devContainersInstalled } from './dev-containers';

export interface Deployed {
  name: string;
  hostName: string;
  image: string;
  /** The slot ids it holds. */
  slots: string[];
}

export interface DeployedNoticeOptions {
  /** It waited in the GPU queue first. */
  cameFree?: boolean;
  /** From the CUDA prompt's Deploy: the failed command, offered for a re-run in the new container. */
  rerun?: RerunArgs;
}

export function offerDeployed(ctx: Ds01Context, deployed: Deployed, options: DeployedNoticeOptions = {}): void {
  const { name, hostName, image, slots } = deployed;
  ctx.log.info(`deployed ${name} as ${hostName}${options.cameFree ? ' after waiting' : ''}: ${slots.join(', ') || 'no GPU'}, ${image}`);
  const rerun = options.rerun;
  const rerunLabel = rerun?.commandLine ? `Run ${shortCommand(rerun.commandLine)} There` : null;
  // Attach is offered only where it can work: with the Dev Containers extension installed.
  const actions = [...(rerunLabel ? [rerunLabel] : []), 'Open Terminal', ...(devContainersInstalled() ? ['Attach VS Code'] : [])];
  const text = `DS01: ${options.cameFree ? 'a GPU came free: ' : ''}deployed ${name} (${formatGpus(slots)}, ${image}).`;
  void vscode.window.showInformationMessage(text, ...actions).then((choice) => {
    if (choice === rerunLabel && rerun) void vscode.commands.executeCommand('ds01.runInContainer', rerun);
    if (choice === 'Open Terminal') void vscode.commands.executeCommand('ds01.openTerminal', hostName);
    if (choice === 'Attach VS Code') void vscode.commands.executeCommand('ds01.attach', hostName);
  });
  ctx.log.info(`deploy ${name}: offered ${actions.join(' | ')}`);
}

/** "python3 train.py" as a button's words: the first word, with an ellipsis when there is more. */
function shortCommand(commandLine: string): string {
  const words = commandLine.trim().split(/\s+/);
  const first = words[0].split('/').pop() ?? words[0];
  return `"${first}${words.length > 1 ? ' …' : ''}"`;
}
