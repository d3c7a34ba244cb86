// DS01: Attach VS Code to Container — hands over to the Dev Containers extension when it is installed,
// else says what to install; DS01 does not reimplement attaching.
import * as vscode from 'vscode';
import { usableView, type Ds01Context } from '../context';
import { DEV_CONTAINERS_ID, devContainersInstalled } from '../dev-containers';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

const ATTACH_COMMAND = 'remote-containers.attachToRunningContainer';

export async function attachContainer(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  if (!devContainersInstalled()) {
    ctx.log.info('attach: the Dev Containers extension is not installed');
    void vscode.window
      .showInformationMessage(
        `DS01: attaching VS Code needs the Dev Containers extension (${DEV_CONTAINERS_ID}). Install it, or use "DS01: Open Terminal in Container".`,
        'Open Terminal',
      )
      .then((c) => {
        if (c) void vscode.commands.executeCommand('ds01.openTerminal', arg);
      });
    return;
  }
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Attach VS Code to Container', (c) => c.running);
  if (!name) return;
  const target = containerNamed(view, name);
  await vscode.commands.executeCommand(ATTACH_COMMAND, target ? `/${target.name}` : name);
}
