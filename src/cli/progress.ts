// Shared by the container commands: progress lines on stderr, and problems as JSON on stdout with --json
// (the text form still goes to stderr through main.ts, and the exit code stays the same).
import type { ProgressReport } from '../core/containers/steps';
import { isProblemError, problem } from '../core/problem';
import { paint } from './render';

export function stderrProgress<S extends string>(report: ProgressReport<S>): void {
  process.stderr.write(`${paint(`[${report.index}/${report.total}]`, 'dim', process.stderr)} ${report.title}${report.detail ? `: ${report.detail}` : ''}\n`);
}

export async function withJsonProblems(json: boolean, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (json && isProblemError(e)) process.stdout.write(`${JSON.stringify({ ok: false, problem: e.problem }, null, 2)}\n`);
    throw e;
  }
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The one NAME a command takes; a second positional is a mistake (often an unquoted space). */
export function singleName(positionals: string[], command: string): string {
  if (positionals.length !== 1) {
    throw problem('usage', positionals.length === 0 ? `ds01 container ${command} needs a NAME.` : `ds01 container ${command} takes one NAME, got ${positionals.length}.`,
      `Usage: ds01 container ${command} NAME (quote names with spaces).`);
  }
  return positionals[0];
}
