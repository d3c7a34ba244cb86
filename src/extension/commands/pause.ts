// DS01: Pause Container — says what pausing means on DS01 (GPUs stay held, no maximum pause time, the idle
// and runtime rules go on), then freezes it.
import * as vscode from 'vscode';
import { readLimitSources } from '../../host/limits/config-files';
import { lifecycleSources } from '../../host/lifecycle';
import { ownContainer } from '../../host/containers/own';
import { pauseMeaningFor, pauseOwn } from '../../host/pause/own-pause';
import { usableView, type Ds01Context } from '../context';
import { pickContainer, type ContainerArg } from './pick-container';

export async function pauseContainer(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Pause Container', (c) => c.state === 'running');
  if (!name) return;
  const engine = ctx.state.engine;
  const src = lifecycleSources(readLimitSources(view.paths), view.paths.configFile, ctx.state.env);
  const target = await ownContainer(engine, view.user, name);
  const meaning = await pauseMeaningFor(engine, target, view.user, src, view.inventory);
  if (!(await ctx.prompter.confirm(`Pause ${target.displayName}?`, meaning.join(' '), 'Pause'))) return;
  const c = await pauseOwn(engine, view.user, name);
  ctx.log.info(`paused ${c.name}`);
  void ctx.state.refreshContainers();
  void vscode.window.showInformationMessage(`DS01: paused ${c.displayName}; its GPUs stay held until you stop or retire it.`);
}
