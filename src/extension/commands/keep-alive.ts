// DS01: Keep Container Alive — creates or refreshes /workspace/.keep-alive (24 h without the host's idle stop);
// DS01: Stop Keeping Container Alive removes it. Offered only for containers whose idle stop applies, and it says
// that the file, being in the mounted folder, keeps every container with that folder alive.
import * as vscode from 'vscode';
import { keepAliveSharedNote } from '../../core/lifecycle';
import { readLimitSources } from '../../host/limits/config-files';
import { keepAliveMessage, lifecycleSources, setKeepAlive } from '../../host/lifecycle';
import { usableView, type Ds01Context } from '../context';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

export function keepContainerAlive(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  return keepAlive(ctx, arg, true);
}

export function stopKeepingAlive(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  return keepAlive(ctx, arg, false);
}

async function keepAlive(ctx: Ds01Context, arg: ContainerArg, on: boolean): Promise<void> {
  const view = usableView(ctx);
  const state = (id: string) => ctx.keepAliveOf?.(id);
  const name = on
    ? await pickContainer(ctx, view, arg, 'DS01: Keep Container Alive', (c) => c.running && state(c.id) !== 'none')
    : await pickContainer(ctx, view, arg, 'DS01: Stop Keeping Container Alive', (c) => c.running && state(c.id) === 'on');
  if (!name) return;
  const src = lifecycleSources(readLimitSources(view.paths), view.paths.configFile, ctx.state.env);
  const now = new Date();
  const result = await setKeepAlive(ctx.state.engine, view.user, name, on, src, now);
  const c = containerNamed(view, result.container.name) ?? result.container;
  const others = view.containers.filter((o) => o.id !== c.id && o.workspace && o.workspace === c.workspace).map((o) => o.displayName);
  const text = `DS01: ${keepAliveMessage(result, now)}${on ? ` ${keepAliveSharedNote(c.workspace, others)}` : ''}`;
  ctx.log.info(`keep-alive: ${text}`);
  void vscode.window.showInformationMessage(text, ...(on ? ['Stop Keeping Alive'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('ds01.keepAliveOff', c.name);
  });
  ctx.lifecycleChanged?.();
}
