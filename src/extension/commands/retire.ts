// DS01: Retire Container — modal confirmation, then the module's retire with its steps as progress.
import * as vscode from 'vscode';
import { retireContainer, type RetireResult } from '../../host/containers';
import { usableView, type Ds01Context } from '../context';
import { expectStop } from '../lifecycle/own-stops';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

export async function retire(ctx: Ds01Context, arg?: ContainerArg): Promise<RetireResult | undefined> {
  const view = usableView(ctx);
  if (view.containers.length === 0 && arg === undefined) {
    void vscode.window.showInformationMessage('DS01: you have no containers to retire.');
    return undefined;
  }
  const name = await pickContainer(ctx, view, arg, 'DS01: Retire Container');
  if (!name) return undefined;
  const shown = containerNamed(view, name);
  const confirmed = await ctx.prompter.confirm(`Retire ${shown?.displayName ?? name}?`,
    `The container is stopped and removed; its GPUs${shown?.gpuUuids.length ? ` (${shown.gpuUuids.length})` : ''} are freed. Files outside /workspace are lost.`,
    'Retire');
  if (!confirmed) return undefined;
  expectStop(name);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DS01: retiring ${shown?.displayName ?? name}`, cancellable: false },
    (progress) => retireContainer(ctx.state.engine, view.user, name, {}, (r) => {
      ctx.log.info(`retire ${name}: [${r.index}/${r.total}] ${r.title}`);
      progress.report({ message: `[${r.index}/${r.total}] ${r.title}`, increment: 100 / r.total });
    }),
  );
  ctx.log.info(`retired ${result.name}`);
  void ctx.state.refreshContainers();
  void vscode.window.showInformationMessage(`DS01: retired ${result.displayName}.`);
  return result;
}
