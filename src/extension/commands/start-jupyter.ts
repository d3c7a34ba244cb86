// DS01: Start Jupyter Lab — runs `jupyter lab` in the container with a token of ours (the image must have it; if
// not, says how to add it), waits until it listens, and opens it through VS Code's port forwarding of a relay.
import * as vscode from 'vscode';
import { startJupyter as start } from '../../host/ports/jupyter';
import { usableView, type Ds01Context } from '../context';
import { pickContainer, type ContainerArg } from './pick-container';

export async function startJupyter(ctx: Ds01Context, arg?: ContainerArg): Promise<string | undefined> {
  const view = usableView(ctx);
  const { relays } = ctx;
  const name = await pickContainer(ctx, view, arg, 'DS01: Start Jupyter Lab', (c) => c.state === 'running');
  if (!name) return undefined;
  const j = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `DS01: starting Jupyter Lab in ${name}` }, () =>
    start(ctx.state.engine, view.user, name),
  );
  const ports = relays.jupyter.get(j.container.id) ?? new Set<number>();
  relays.jupyter.set(j.container.id, ports.add(j.port));
  const relay = await relays.relay(ctx.state.engine, j.container, j.port, j.network);
  const base = await vscode.env.asExternalUri(vscode.Uri.parse(`http://localhost:${relay.port}/`));
  const url = `${base.toString(true).replace(/\/?$/, '/')}${j.path}`;
  ctx.log.info(`jupyter: ${j.container.displayName}:${j.port} -> localhost:${relay.port} (${relay.target})`);
  void vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}
