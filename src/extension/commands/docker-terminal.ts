// A VS Code terminal whose process is `docker ARGS` (no host shell in between), against the engine DS01
// reads: a ds01.dockerHost setting reaches the docker CLI too.
import * as vscode from 'vscode';
import type { Ds01Context } from '../context';

export function dockerTerminal(ctx: Ds01Context, name: string, args: string[]): vscode.Terminal {
  const env: Record<string, string> = {};
  if (ctx.state.env.DOCKER_HOST) env.DOCKER_HOST = ctx.state.env.DOCKER_HOST;
  const terminal = vscode.window.createTerminal({ name, shellPath: 'docker', shellArgs: args, env });
  terminal.show();
  return terminal;
}
