// DS01: Open Port in Browser — a port the container listens on (read from it, or typed), reachable through
// VS Code's own port forwarding of a localhost relay (publishing nothing on the host), opened in the browser.
import * as vscode from 'vscode';
import { parsePort, type ListeningPort } from '../../core/ports/listening';
import { problem } from '../../core/problem';
import { ownPorts } from '../../host/ports/own-ports';
import { usableView, type Ds01Context } from '../context';
import { pickContainer, type ContainerArg } from './pick-container';

const TYPE = 'Another port…';

export async function openPort(ctx: Ds01Context, arg?: ContainerArg, portArg?: number): Promise<string | undefined> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Open Port in Browser', (c) => c.state === 'running');
  if (!name) return undefined;
  const found = await ownPorts(ctx.state.engine, view.user, name);
  const port = portArg ?? (await choosePort(ctx, found.ports));
  if (port === undefined) return undefined;
  const listening = found.ports.find((p) => p.port === port);
  if (listening?.loopbackOnly && found.network.ip) {
    throw problem(
      'usage',
      `Port ${port} of ${found.container.displayName} listens on ${listening.address} inside the container only.`,
      'Start the server on 0.0.0.0 (e.g. jupyter lab --ip 0.0.0.0), then open it again.',
    );
  }
  if (!listening) ctx.log.warn(`open port: ${found.container.displayName} does not listen on ${port} now; forwarding it anyway`);
  const relay = await ctx.relays.relay(ctx.state.engine, found.container, port, found.network);
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(`http://localhost:${relay.port}/`));
  ctx.log.info(`open port: ${found.container.displayName}:${port} -> localhost:${relay.port} (${relay.target}) -> ${external.toString(true)}`);
  void vscode.env.openExternal(external);
  return external.toString(true);
}

async function choosePort(ctx: Ds01Context, ports: ListeningPort[]): Promise<number | undefined> {
  const items = [
    ...ports.map((p) => ({ label: String(p.port), description: p.loopbackOnly ? `${p.address} (inside the container only)` : p.address })),
    { label: TYPE, description: 'a port it will listen on' },
  ];
  const pick = await ctx.prompter.pick(items, {
    title: 'DS01: Open Port in Browser',
    placeholder: ports.length ? 'A port the container listens on' : 'It listens on no TCP port now',
  });
  if (!pick) return undefined;
  if (pick.label !== TYPE) return Number(pick.label);
  const typed = await ctx.prompter.input({
    title: 'DS01: Open Port in Browser',
    placeholder: '8888',
    validate: (v) => {
      try {
        parsePort(v);
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  });
  return typed === undefined ? undefined : parsePort(typed);
}
