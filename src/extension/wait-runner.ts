// "Wait for a GPU" that survives a window reload: the queue entry belongs to a detached
// `ds01 container deploy NAME --wait --json` process (dist/cli.js), not to the extension host. The window
// follows it through files in a private folder (<name>.pid, .out, .progress, .err) and /proc: its progress records
// and its answer are read, each against its contract (src/core/cli-contracts), when the files change (fs.watch, with
// a slow poll for a watch that misses or a waiter that dies without a word). A new window finds the .pid files on
// activation and follows them again. Cancel sends the waiter SIGINT: it leaves the queue.
import { spawn } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import * as vscode from 'vscode';
import { deployJson, type DeployJson } from '../core/cli-contracts/containers';
import { outcomeOf } from '../core/cli-contracts/problem';
import { latestWaitProgress, waitProgressText } from '../core/cli-contracts/wait-progress';
import { problem, type Problem } from '../core/problem';
import type { DeployRequest } from '../host/containers';
import { processOf } from '../host/allocation/gpu-queue';
import { openWaitOutputs, readWaitFile, removeWaitFiles, waitFilesDir, writeWaitPid } from '../host/allocation/wait-files';
import type { Ds01Context } from './context';
import { showCommandProblem } from './command-problem';
import { offerDeployed } from './deployed-notice';

/** Only for what a watch can miss; changes are read when the files change. */
const SLOW_POLL_MS = 5000;

/** The waiter's answer (deployJson, or the problem that ended it), flat for callers that read either. */
export type WaitOutcome = Partial<Omit<DeployJson, 'ok'>> & { ok: boolean; problem?: Problem };

/** Starts the detached waiter; returns its pid once its pid file is written. */
export function startWait(ctx: Ds01Context, cliPath: string, request: DeployRequest & { image: string }): number {
  const dir = waitFilesDir(ctx.state.env);
  const { out, err, progress, close } = openWaitOutputs(dir, request.name);
  try {
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'container',
        'deploy',
        request.name,
        '--wait',
        '--json',
        '--progress-fd',
        '3',
        '--gpus',
        String(request.gpus),
        '--image',
        request.image,
        '--workspace',
        request.workspace,
        ...(request.project ? ['--project', request.project.name] : []),
      ],
      {
        detached: true,
        stdio: ['ignore', out, err, progress],
        env: { ...ctx.state.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
      },
    );
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
  const alive = () => {
    const p = processOf(pid);
    return p !== null && p.start === start;
  };
  let cancelled = false;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `DS01: ${name}`, cancellable: true }, async (progress, token) => {
    token.onCancellationRequested(() => {
      cancelled = true;
      if (alive()) process.kill(pid, 'SIGINT');
    });
    let last = '';
    await untilEnded(dir, name, () => {
      const record = latestWaitProgress(readWaitFile(dir, name, 'progress'));
      const line = record ? waitProgressText(record) : '';
      if (line && line !== last) {
        last = line;
        ctx.log.info(`wait ${name}: ${line}`);
        progress.report({ message: line });
        void ctx.state.refreshContainers();
      }
      return answerIn(readWaitFile(dir, name, 'out')) !== null || !alive();
    });
  });
  // Another window following the same waiter may have reported it already.
  if (!readWaitFile(dir, name, 'pid')) return undefined;
  const outcome = readOutcome(readWaitFile(dir, name, 'out'));
  removeWaitFiles(dir, name);
  void ctx.state.refreshContainers();
  if (cancelled) {
    ctx.log.info(`wait ${name}: cancelled, left the queue`);
    return undefined;
  }
  if (outcome.ok) {
    offerDeployed(ctx, { name: outcome.name!, hostName: outcome.hostName!, image: outcome.image!, slots: outcome.slots ?? [] }, { cameFree: true });
  } else {
    showCommandProblem('Wait for a GPU', problem(outcome.problem!.kind, outcome.problem!.message, outcome.problem!.fix), ctx.log);
  }
  return outcome;
}

/** Calls `look` now, whenever one of the wait's files changes, and every SLOW_POLL_MS, until it says the wait ended. */
function untilEnded(dir: string, name: string, look: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    const check = () => {
      if (!look()) return;
      clearInterval(timer);
      watcher?.close();
      resolve();
    };
    const timer = setInterval(check, SLOW_POLL_MS);
    try {
      watcher = watch(dir, (_event, file) => {
        if (file === null || file.startsWith(`${name}.`)) check();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // No watch (e.g. out of inotify watches): the slow poll alone.
    }
    check();
  });
}

const answerShape = outcomeOf(deployJson);

/** The waiter's whole answer on its stdout, or null while it has none (not yet, or half written). */
function answerIn(text: string): WaitOutcome | null {
  try {
    const parsed = answerShape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function readOutcome(text: string): WaitOutcome {
  return (
    answerIn(text) ?? {
      ok: false,
      problem: {
        kind: 'deploy-failed',
        message: 'The GPU waiter ended without an answer.',
        fix: 'See ds01 container list --all; deploy again if nothing is there.',
      },
    }
  );
}
