// DS01: Keep Container Alive — creates or refreshes /workspace/.keep-alive (24 h without the host's idle stop).
import * as vscode from 'vscode';
import { readLimitSources } from '../../host/limits/config-files';
import { keepAliveMessage, readLifecycleHostFiles, setKeepAlive } from '../../host/lifecycle';
import { usableView, type Ds01Context } from '../context';
import { pickContainer, type ContainerArg } from './pick-container';

export async function keepContainerAlive(ctx: Ds01Context, arg?: ContainerArg): Promise<boolean> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Keep Container Alive', (c) => c.running);
  if (!name) return false;
  const src = { limits: readLimitSources(view.paths), files: readLifecycleHostFiles(view.paths.configFile, ctx.state.env), highDemand: null };
  const now = new Date();
  const result = await setKeepAlive(ctx.state.engine, view.user, name, true, src, now);
  ctx.log.info(`keep-alive: ${keepAliveMessage(result, now)}`);
  void vscode.window.showInformationMessage(`DS01: ${keepAliveMessage(result, now)}`);
  ctx.lifecycleChanged?.();
  return true;
}
