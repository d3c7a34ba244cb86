// --json output: each value is typed by its contract (src/core/cli-contracts), which the extension and the tests
// parse it with. A failed command writes `{ ok: false, problem }` on stdout (the text form of the problem still
// goes to stderr through main.ts, and the exit code stays the same).
import type { Contract, Written } from '../core/cli-contracts/contract';
import { failedJson } from '../core/cli-contracts/problem';
import { isProblemError } from '../core/problem';

export async function withJsonProblems(json: boolean | undefined, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (json === true && isProblemError(e)) writeJson(failedJson, { ok: false, problem: e.problem });
    throw e;
  }
}

/** A whole answer, indented for people who read it. */
export function writeJson<S extends Contract>(_contract: S, value: Written<S>): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One record of a JSON-lines output (build steps, --watch). */
export function jsonLine<S extends Contract>(_contract: S, value: Written<S>): string {
  return `${JSON.stringify(value)}\n`;
}
