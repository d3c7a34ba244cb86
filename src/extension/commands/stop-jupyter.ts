// DS01: Stop Jupyter Lab — stops the servers this window started in the container (`jupyter server stop PORT`;
// 8888, Jupyter's own default, when this window started none there) and closes their relays.
import * as vscode from 'vscode';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';
import { stopJupyter as stop } from '../../host/ports/jupyter';
import { usableView, type Ds01Context } from '../context';

export async function stopJupyter(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const started = ctx.relays.jupyter;
  const name = await pickContainer(ctx, view, arg, 'DS01: Stop Jupyter Lab', (c) => c.state === 'running');
  if (!name) return;
  const known = containerNamed(view, name);
  const ports = [...((known && started.get(known.id)) || [8888])];
  const stopped: number[] = [];
  for (const port of ports) {
    const c = await stop(ctx.state.engine, view.user, name, port);
    stopped.push(port);
    started.get(c.id)?.delete(port);
    if (started.get(c.id)?.size === 0) started.delete(c.id);
    await ctx.relays.close(c.id, port);
  }
  void vscode.window.showInformationMessage(`DS01: Jupyter Lab on port ${stopped.join(', ')} in ${name} stopped.`);
}
