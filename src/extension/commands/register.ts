// Every command goes through here: a problem it throws is reported once, the same way for all
// (showCommandProblem) and the command then returns undefined; handlers only throw.
import * as vscode from 'vscode';
import { showCommandProblem } from '../command-problem';
import type { Ds01Context } from '../context';
import { COMMANDS } from './index';

export function registerCommands(ctx: Ds01Context): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, command]) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await command.run(ctx, ...args);
      } catch (err) {
        showCommandProblem(command.title, err, ctx.log);
        return undefined;
      }
    }),
  );
}
