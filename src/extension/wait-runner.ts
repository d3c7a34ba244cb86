// "Wait for a GPU" that survives a window reload: the queue entry belongs to a detached
// `ds01 container deploy NAME --wait --json` process (dist/cli.js), not to the extension host. The window
// follows it through files in a private folder (<name>.pid, .out, .err) and /proc; a new window finds the
// .pid files on activation and follows them again. Cancel sends the waiter SIGINT: it leaves the queue.
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { problem, type Problem } from '../core/problem';
import type { DeployRequest } from '../host/containers';
import { processOf } from '../host/allocation/gpu-queue';
import { openWaitOutputs, readWaitFile, removeWaitFiles, waitFilesDir, writeWaitPid } from '../host/allocation/wait-files';
import type { Ds01Context } from './context';
import { showCommandProblem } from './command-problem';
import { offerDeployed } from './deployed-notice';

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

/** Starts the detached waiter; returns its pid once its pid file is written. */
export function startWait(ctx: Ds01Context, cliPath: string, request: DeployRequest & { image: string }): number {
  const dir = waitFilesDir(ctx.state.env);
  const { out, err, close } = openWaitOutputs(dir, request.name);
  try {
    const child = spawn(process.execPath, [cliPath, 'container', 'deploy', request.name, '--wait', '--json',
      '--gpus', String(request.gpus), '--image', request.image, '--workspace', request.workspace, ...(request.project ? ['--project', request.project.name] : [])], {
      detached: true, stdio: ['ignore', out, err], env: { ...ctx.state.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
    });
    child.unref();
    if (!child.pid) throw problem('internal', `Could not start the GPU waiter (${process.execPath} ${cliPath}).`);
    const start = processOf(child.pid)?.start ?? '';
    writeWaitPid(dir, request.name, child.pid, start);
    ctx.log.info(`wait ${request.name}: waiter pid ${child.pid}`);
    return child.pid;
  } finally {
    close();
  }
}

/**
 * Follows a waiter under a cancellable progress notification until it ends, then reports: deployed (with
 * Open Terminal / Attach), refused or timed out (its problem), or cancelled.
 */
export async function followWait(ctx: Ds01Context, name: string): Promise<WaitOutcome | undefined> {
  const dir = waitFilesDir(ctx.state.env);
  const [pidText, start] = readWaitFile(dir, name, 'pid').trim().split(' ');
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
        const line = lastLine(readWaitFile(dir, name, 'err'));
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
  if (!readWaitFile(dir, name, 'pid')) return undefined;
  const outcome = readOutcome(readWaitFile(dir, name, 'out'));
  removeWaitFiles(dir, name);
  void ctx.state.refreshContainers();
  if (cancelled) { ctx.log.info(`wait ${name}: cancelled, left the queue`); return undefined; }
  if (outcome.ok) {
    offerDeployed(ctx, { name: outcome.name!, hostName: outcome.hostName!, image: outcome.image!, slots: outcome.slots ?? [] }, { cameFree: true });
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

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim());
  return lines[lines.length - 1] ?? '';
}
