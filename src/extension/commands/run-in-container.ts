// DS01: Run in My Container — re-runs a failed command in the user's running container whose /workspace maps
// the folder it ran in. The terminal runs `docker exec -it -w <dir> <container> sh -lc <command>` (argv: the
// command is one argument, never spliced into a shell) under a fixed host `sh` script that, once it ends,
// says how it ended and keeps the terminal open until the user closes it; the exit status reaches the
// extension through a file in a private folder, so a success clears the DS01 problem of that command.
import { mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { containerForFolder, EXPLAINED_STATUSES, execArgv, runOutcomeText } from '../../core/containers/run-in-container';
import { usableView, type Ds01Context } from '../context';
import { folderOf } from '../workspace-folder';
import { dockerTerminal } from './docker-terminal';

export interface RerunArgs {
  commandLine?: string;
  cwd?: string;
}

export interface RunOutcome {
  terminal: vscode.Terminal;
  /** The exit status once the command ends, and what the terminal said about it. */
  ended: Promise<{ status: number; text: string }>;
}

// $1 status file, $2 the words before "failed with exit status N" for a status not explained, then one line of
// words per EXPLAINED_STATUSES (same order), then the docker argv. Only fixed format strings reach printf.
const SCRIPT = [
  'f=$1; other=$2; w0=$3; w126=$4; w127=$5; w130=$6; w137=$7; shift 7',
  '"$@"; s=$?',
  'printf "%s\\n" "$s" > "$f.part" && mv "$f.part" "$f"',
  'case $s in 0) w=$w0;; 126) w=$w126;; 127) w=$w127;; 130) w=$w130;; 137) w=$w137;; *) w="$other failed with exit status $s: its output above says why.";; esac',
  'printf "\\r\\n\\033[1m%s\\033[0m\\r\\n%s" "$w" "Press Enter to close this terminal."',
  'read -r _',
].join('\n');

let statusDir: string | null = null;

export async function runInContainer(ctx: Ds01Context, args?: RerunArgs): Promise<RunOutcome | undefined> {
  let view = usableView(ctx);
  const folder = folderOf(args?.cwd);
  let target = containerForFolder(view.containers, folder);
  if (!target) {
    // Just deployed (the prompt's re-run after a deploy): the window may not have scanned it yet.
    await ctx.state.refreshContainers();
    view = usableView(ctx);
    target = containerForFolder(view.containers, folder);
  }
  if (!target) {
    const choice = await vscode.window.showWarningMessage(`DS01: none of your running containers has ${folder} under its /workspace.`, 'Deploy Container');
    if (choice) void vscode.commands.executeCommand('ds01.deploy');
    return undefined;
  }
  const commandLine =
    args?.commandLine?.trim() ||
    (await vscode.window.showInputBox({ title: 'DS01: Run in My Container', prompt: `Command to run in ${target.container.displayName} (${target.workdir})` }));
  if (!commandLine) return undefined;
  const c = target.container;
  statusDir ??= mkdtempSync(join(tmpdir(), 'ds01-runs-'));
  const statusFile = join(statusDir, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const words = EXPLAINED_STATUSES.map((s) => runOutcomeText(s, commandLine, c.displayName, c.image));
  const other = runOutcomeText(1, commandLine, c.displayName, c.image).replace(/ failed with exit status 1: .*$/, '');
  const terminal = dockerTerminal(ctx, `DS01: ${c.displayName}`, [], [c.name, c.displayName], {
    path: '/bin/sh',
    args: ['-c', SCRIPT, 'ds01-run', statusFile, other, ...words, 'docker', ...execArgv(target, commandLine)],
  });
  ctx.log.info(`run in ${c.name} (${target.workdir}): ${commandLine}`);
  const ended = endOf(statusFile, terminal).then((status) => {
    const text =
      status === null
        ? `DS01: "${commandLine}" in ${c.displayName}: the terminal was closed before it ended.`
        : runOutcomeText(status, commandLine, c.displayName, c.image);
    ctx.log.info(text);
    if (status === 0) ctx.commandSucceeded?.(commandLine);
    else if (status !== null) void vscode.window.showErrorMessage(text);
    return { status: status ?? -1, text };
  });
  return { terminal, ended };
}

/** The exit status the script writes, or null when the terminal closes first. */
function endOf(file: string, terminal: vscode.Terminal): Promise<number | null> {
  return new Promise((resolve) => {
    const read = (): boolean => {
      try {
        const status = Number(readFileSync(file, 'utf8').trim());
        rmSync(file, { force: true });
        finish(Number.isInteger(status) ? status : null);
        return true;
      } catch {
        return false;
      }
    };
    const watcher = watch(statusDir!, () => {
      read();
    });
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal && !read()) finish(null);
    });
    let done = false;
    function finish(status: number | null) {
      if (done) return;
      done = true;
      watcher.close();
      closed.dispose();
      resolve(status);
    }
  });
}
