// DS01: Stop Container (tree context menu on a running container). A stopped container keeps its GPUs until
// the host removes it (the lifecycle notices say when).
import * as vscode from 'vscode';
import { stopOwnContainer } from '../../host/containers/power';
import { usableView, type Ds01Context } from '../context';
import { expectStop } from '../lifecycle/own-stops';
import { closeTerminalsInto } from './docker-terminal';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

export async function stopContainer(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Stop Container', (c) => c.running);
  if (!name) return;
  const shown = containerNamed(view, name);
  expectStop(name);
  if (shown) expectStop(shown.name);
  await closeTerminalsInto([name, shown?.name, shown?.displayName]);
  // What happens to it next (its removal) comes from the lifecycle notices once the engine reports the stop.
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `DS01: stopping ${shown?.displayName ?? name}` }, () =>
    stopOwnContainer(ctx.state.engine, view.user, name),
  );
}
