// DS01: Retire Container — modal confirmation, then the module's retire with its steps as progress. The host's
// stop grace for the container's type is used and said; this window's terminals into it are closed first.
import * as vscode from 'vscode';
import { retireDetail } from '../../core/containers/retire-text';
import { hostContainerType } from '../../core/lifecycle';
import { sigtermGraceFor } from '../../core/limits/lifecycle-policies';
import { retireContainer, toRow } from '../../host/containers';
import { readLimitSources } from '../../host/limits/config-files';
import { usableView, type Ds01Context } from '../context';
import { expectStop } from '../lifecycle/own-stops';
import { closeTerminalsInto } from './docker-terminal';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

export async function retire(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  if (view.containers.length === 0 && arg === undefined) {
    void vscode.window.showInformationMessage('DS01: you have no containers to retire.');
    return;
  }
  const name = await pickContainer(ctx, view, arg, 'DS01: Retire Container');
  if (!name) return;
  const shown = containerNamed(view, name);
  const lifecycle = readLimitSources(view.paths).config.lifecycle;
  const grace = shown?.running ? sigtermGraceFor(lifecycle, hostContainerType(shown.labels, shown.name)) : null;
  const confirmed = await ctx.prompter.confirm(
    `Retire ${shown?.displayName ?? name}?`,
    retireDetail(shown ? toRow(shown, view.inventory).slots : null, grace),
    'Retire',
  );
  if (!confirmed) return;
  expectStop(name);
  if (shown) expectStop(shown.name);
  const closed = await closeTerminalsInto([name, shown?.name, shown?.displayName]);
  if (closed) ctx.log.info(`retire ${name}: closed ${closed} terminal(s) into it first`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DS01: retiring ${shown?.displayName ?? name}`, cancellable: false },
    (progress) =>
      retireContainer(ctx.state.engine, view.user, name, { lifecycle }, (r) => {
        ctx.log.info(`retire ${name}: [${r.index}/${r.total}] ${r.title}${r.detail ? `: ${r.detail}` : ''}`);
        progress.report({ message: `[${r.index}/${r.total}] ${r.title}${r.detail ? ` (${r.detail})` : ''}`, increment: 100 / r.total });
      }),
  );
  ctx.log.info(`retired ${result.name}`);
  void ctx.state.refreshContainers();
  void vscode.window.showInformationMessage(`DS01: retired ${result.displayName}.`);
}
