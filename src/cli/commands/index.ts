// The command table. One command per file in this folder; add a line here for each.
import type { ParsedArgs } from '../args';
import { checkLimits } from './check-limits';
import { explain } from './explain';
import { gpus } from './gpus';
import { limitsCommand } from './limits';
import { containerDeploy } from './container-deploy';
import { containerList } from './container-list';
import { containerRetire } from './container-retire';

export interface CliCommand {
  summary: string;
  /** Returns the process exit code. Throw ProblemError for refusals and bad input. */
  run(args: ParsedArgs): Promise<number>;
}

export const commands: Record<string, CliCommand> = {
  limits: limitsCommand,
  'check-limits': checkLimits,
  gpus,
  explain,
  'container deploy': containerDeploy,
  'container retire': containerRetire,
  'container list': containerList,
};
