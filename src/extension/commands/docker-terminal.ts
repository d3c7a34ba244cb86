// A VS Code terminal whose process is `docker ARGS` (no host shell in between), against the engine DS01
// reads: a ds01.dockerHost setting reaches the docker CLI too. Terminals are remembered by the container they
// enter, so a retire or stop can close them first, quietly, instead of leaving an "exit code 137" behind.
import * as vscode from 'vscode';
import type { Ds01Context } from '../context';

const intoContainer = new Map<vscode.Terminal, string[]>();

export function dockerTerminal(
  ctx: Ds01Context,
  name: string,
  args: string[],
  container?: string[],
  shell?: { path: string; args: string[] },
): vscode.Terminal {
  const env: Record<string, string> = {};
  if (ctx.state.env.DOCKER_HOST) env.DOCKER_HOST = ctx.state.env.DOCKER_HOST;
  const terminal = vscode.window.createTerminal({ name, shellPath: shell?.path ?? 'docker', shellArgs: shell?.args ?? args, env });
  if (container) intoContainer.set(terminal, container);
  terminal.show();
  return terminal;
}

/** Closes this window's terminals into the container (by any of its names); resolves once they are gone. */
export async function closeTerminalsInto(names: Array<string | undefined>): Promise<number> {
  const wanted = new Set(names.filter((n): n is string => Boolean(n)));
  const closing = [...intoContainer].filter(([, of]) => of.some((n) => wanted.has(n))).map(([t]) => t);
  if (closing.length === 0) return 0;
  const gone = new Promise<void>((resolve) => {
    const left = new Set(closing);
    const sub = vscode.window.onDidCloseTerminal((t) => {
      left.delete(t);
      if (left.size === 0) {
        sub.dispose();
        resolve();
      }
    });
    setTimeout(() => {
      sub.dispose();
      resolve();
    }, 3000);
  });
  for (const t of closing) {
    intoContainer.delete(t);
    t.dispose();
  }
  await gone;
  return closing.length;
}

vscode.window.onDidCloseTerminal((t) => intoContainer.delete(t));
