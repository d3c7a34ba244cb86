// DS01: Stop Container (tree context menu on a running container). A stopped container keeps its GPUs.
import * as vscode from 'vscode';
import { stopOwnContainer } from '../../host/containers/power';
import { usableView, type Ds01Context } from '../context';
import { expectStop } from '../lifecycle/own-stops';
import { pickContainer, type ContainerArg } from './pick-container';

export async function stopContainer(ctx: Ds01Context, arg?: ContainerArg): Promise<boolean> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Stop Container', (c) => c.running);
  if (!name) return false;
  expectStop(name);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `DS01: stopping ${name} (it keeps its GPUs until retired)` },
    () => stopOwnContainer(ctx.state.engine, view.user, name));
  return true;
}
