// What a command file exports: its usage line, the options it reads, the schema of what --json writes (from
// src/core/cli-contracts) and the run itself. main.ts checks the arguments against `options` before `run`.
import type { Contract } from '../core/cli-contracts/contract';
import type { OptionSpec, ParsedArgs } from './args';

export interface CliCommand<O extends OptionSpec = OptionSpec> {
  /** e.g. 'ds01 container retire NAME [--force] [--json]'; the fix of every usage error. */
  usage: string;
  options: O;
  /** What --json writes on stdout (the last line, for commands that write progress lines first). */
  json?: Contract;
  /** Returns the process exit code. Throw ProblemError for refusals and bad input. */
  run(args: ParsedArgs<O>): Promise<number>;
}

/** Keeps a command's option names and types in its `run`'s flags. */
export function defineCommand<const O extends OptionSpec>(command: CliCommand<O>): CliCommand<O> {
  return command;
}
