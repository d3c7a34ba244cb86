// --json output of the container commands: results and problems as JSON on stdout (the text form of a
// problem still goes to stderr through main.ts, and the exit code stays the same).
import { isProblemError } from '../core/problem';

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
