// DS01: Start Container (tree context menu on a stopped container).
import * as vscode from 'vscode';
import { startOwnContainer } from '../../host/containers/power';
import { usableView, type Ds01Context } from '../context';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

export async function startContainer(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Start Container', (c) => !c.running);
  if (!name) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DS01: starting ${containerNamed(view, name)?.displayName ?? name}` },
    () => startOwnContainer(ctx.state.engine, view.user, name),
  );
}
