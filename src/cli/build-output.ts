// A build's events on the terminal or as JSON lines: TTY/text -> steps and output on stderr; --json -> one JSON
// object per line on stdout per step (then the command writes its result line). Shared by image build and launch.
import type { BuildEvent } from '../core/images/build-log';
import { BuildFailed } from '../core/images/build-log';
import { DEFAULT_MAX_CONTEXT_MIB } from '../host/images';
import { buildFailedLine, buildStepLine } from '../core/cli-contracts/images';
import { isProblemError, problem } from '../core/problem';
import { jsonLine } from './json-output';
import { paint } from './render';
import { abortOnSignals } from './stop-signals';

/** The classic builder's own bookkeeping lines, left out of the terminal log (kept in --json's failure tail). */
const ENGINE_CHATTER = /^( ---> |Removing intermediate container )/;

export function buildEventWriter(json: boolean): (e: BuildEvent) => void {
  return (e) => {
    if (json) {
      if (e.type === 'step') process.stdout.write(jsonLine(buildStepLine, { step: e.index, total: e.total, instruction: e.instruction }));
      return;
    }
    if (e.type === 'step') process.stderr.write(`${paint(`[${e.index}/${e.total}]`, 'dim', process.stderr)} ${e.instruction}\n`);
    else if (e.type === 'output' && !ENGINE_CHATTER.test(e.text)) process.stderr.write(paint(e.text, 'dim', process.stderr));
  };
}

/** The last lines of a failed build, under its one-line problem (text mode). */
function failureTail(err: unknown): void {
  if (!(err instanceof BuildFailed) || err.failure.tail.length === 0) return;
  process.stderr.write(`${err.failure.tail.map((l) => `  | ${l}`).join('\n')}\n`);
}

/** A failed build command says so before main.ts prints its problem: --json -> one JSON line, text -> the build's last lines. */
export async function withBuildFailures(json: boolean, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    const line = json ? jsonFailureLine(err) : null;
    if (line) process.stdout.write(`${line}\n`);
    else failureTail(err);
    throw err;
  }
}

/** One JSON line for a failed command (--json): the problem and, for a failed build, where. */
function jsonFailureLine(err: unknown): string | null {
  if (err instanceof BuildFailed)
    return jsonLine(buildFailedLine, { ok: false, problem: err.problem, failure: { ...err.failure, dockerfile: err.dockerfile } }).trimEnd();
  if (isProblemError(err)) return jsonLine(buildFailedLine, { ok: false, problem: err.problem }).trimEnd();
  return null;
}

/** DS01_MAX_CONTEXT_MIB (the CLI's ds01.images.maxContextMiB), default 2048. */
export function maxContextBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DS01_MAX_CONTEXT_MIB;
  if (raw === undefined || raw === '') return DEFAULT_MAX_CONTEXT_MIB * 2 ** 20;
  if (!/^\d{1,7}$/.test(raw.trim()) || Number(raw) === 0)
    throw problem(
      'usage',
      `DS01_MAX_CONTEXT_MIB must be a whole number of MiB above 0, got ${JSON.stringify(raw)}.`,
      'e.g. DS01_MAX_CONTEXT_MIB=4096, or unset it for 2048.',
    );
  return Number(raw) * 2 ** 20;
}

/** Ctrl-C / SIGTERM / SIGHUP abort the build (src/cli/stop-signals.ts). */
export function abortBuildOnSignals(): AbortController {
  const abort = new AbortController();
  abortOnSignals(abort, 'stopping the build…');
  return abort;
}
