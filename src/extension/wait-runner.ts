// "Wait for a GPU" that survives a window reload: the queue entry belongs to a detached
// `ds01 container deploy NAME --wait --json` process (dist/cli.js), not to the extension host. The window
// follows it through files in a private folder (<name>.pid, .out, .err) and /proc; a new window finds the
// .pid files on activation and follows them again. Cancel sends the waiter SIGINT: it leaves the queue.
import { spawn } from 'node:child_process';
import { closeSync, constants as C, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { processStartTicks } from '../core/allocation/gpu-queue';
import { problem, type Problem } from '../core/problem';
import type { DeployRequest } from '../host/containers';
import { processOf } from '../host/allocation/gpu-queue';
import type { Ds01Context } from './context';
import { showCommandProblem } from './command-problem';

const POLL_MS = 1000;

export interface WaitOutcome {
  ok: boolean;
  id?: string;
  name?: string;
  hostName?: string;
  slots?: string[];
  image?: string;
  problem?: Problem;
}

/** Per-user folder (0700) for the waiters' pid and output files; refused if someone else owns it. */
export function waitFilesDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = process.getuid?.() ?? 0;
  const dir = join(env.XDG_RUNTIME_DIR || tmpdir(), `ds01-waits-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw problem('internal', `The folder ${dir} for GPU waits is not yours alone.`, `Remove it and try again: rm -rf ${dir}`);
  }
  return dir;
}

/** Starts the detached waiter; returns its pid once its pid file is written. */
export function startWait(ctx: Ds01Context, cliPath: string, request: DeployRequest & { image: string }): number {
  const dir = waitFilesDir(ctx.state.env);
  const base = join(dir, request.name);
  const out = openSync(`${base}.out`, C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_NOFOLLOW, 0o600);
  const err = openSync(`${base}.err`, C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_NOFOLLOW, 0o600);
  try {
    const child = spawn(process.execPath, [cliPath, 'container', 'deploy', request.name, '--wait', '--json',
      '--gpus', String(request.gpus), '--image', request.image, '--workspace', request.workspace], {
      detached: true, stdio: ['ignore', out, err], env: { ...ctx.state.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
    });
    child.unref();
    if (!child.pid) throw problem('internal', `Could not start the GPU waiter (${process.execPath} ${cliPath}).`);
    const start = processStartTicks(readFileSync(`/proc/${child.pid}/stat`, 'utf8')) ?? '';
    writeFileSync(`${base}.pid`, `${child.pid} ${start}\n`, { mode: 0o600, flag: 'w' });
    ctx.log.info(`wait ${request.name}: waiter pid ${child.pid}`);
    return child.pid;
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

/** Names of waits this user started from any window and whose pid files remain. */
export function pendingWaits(env: NodeJS.ProcessEnv): string[] {
  try {
    return readdirSync(waitFilesDir(env)).filter((f) => f.endsWith('.pid')).map((f) => f.slice(0, -4));
  } catch {
    return [];
  }
}

/**
 * Follows a waiter under a cancellable progress notification until it ends, then reports: deployed (with
 * Open Terminal / Attach), refused or timed out (its problem), or cancelled.
 */
export async function followWait(ctx: Ds01Context, name: string): Promise<WaitOutcome | undefined> {
  const dir = waitFilesDir(ctx.state.env);
  const base = join(dir, name);
  const [pidText, start] = readSmall(`${base}.pid`).trim().split(' ');
  const pid = Number(pidText);
  const alive = () => { const p = processOf(pid); return p !== null && p.start === start; };
  let cancelled = false;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DS01: ${name}`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => {
        cancelled = true;
        if (alive()) process.kill(pid, 'SIGINT');
      });
      let last = '';
      while (alive()) {
        const line = lastLine(readSmall(`${base}.err`));
        if (line && line !== last) {
          last = line;
          ctx.log.info(`wait ${name}: ${line}`);
          progress.report({ message: line });
          void ctx.state.refreshContainers();
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
  );
  // Another window following the same waiter may have reported it already.
  if (!readSmall(`${base}.pid`)) return undefined;
  const outcome = readOutcome(readSmall(`${base}.out`));
  for (const ext of ['pid', 'out', 'err']) rmSync(`${base}.${ext}`, { force: true });
  void ctx.state.refreshContainers();
  if (cancelled) { ctx.log.info(`wait ${name}: cancelled, left the queue`); return undefined; }
  if (outcome.ok) {
    ctx.log.info(`deployed ${outcome.name} as ${outcome.hostName} after waiting: ${outcome.slots?.join(', ')}`);
    void vscode.window.showInformationMessage(`DS01: a GPU came free: deployed ${outcome.name} (GPU ${outcome.slots?.join(', ')}, ${outcome.image}).`, 'Open Terminal', 'Attach VS Code').then((choice) => {
      if (choice === 'Open Terminal') void vscode.commands.executeCommand('ds01.openTerminal', outcome.hostName);
      if (choice === 'Attach VS Code') void vscode.commands.executeCommand('ds01.attach', outcome.hostName);
    });
  } else {
    showCommandProblem('Wait for a GPU', problem(outcome.problem!.kind, outcome.problem!.message, outcome.problem!.fix), ctx.log);
  }
  return outcome;
}

function readOutcome(text: string): WaitOutcome {
  try {
    const j = JSON.parse(text) as WaitOutcome;
    if (j.ok || j.problem) return j;
  } catch {
    // fall through
  }
  return { ok: false, problem: { kind: 'deploy-failed', message: 'The GPU waiter ended without an answer.', fix: 'See ds01 container list --all; deploy again if nothing is there.' } };
}

/** Reads at most 64 KiB of one of our own files, without following links. */
function readSmall(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
  } catch {
    return '';
  }
  try {
    if (!fstatSync(fd).isFile()) return '';
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim());
  return lines[lines.length - 1] ?? '';
}
