// DS01: Unpause Container — resumes a paused container's processes.
import * as vscode from 'vscode';
import { unpauseOwn } from '../../host/pause/own-pause';
import { usableView, type Ds01Context } from '../context';
import { pickContainer, type ContainerArg } from './pick-container';

export async function unpauseContainer(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Unpause Container', (c) => c.state === 'paused');
  if (!name) return;
  const c = await unpauseOwn(ctx.state.engine, view.user, name);
  ctx.log.info(`unpaused ${c.name}`);
  void ctx.state.refreshContainers();
  void vscode.window.showInformationMessage(`DS01: ${c.displayName} runs again.`);
}
