// `ds01 container retire NAME [--force] [--json]`: success only once the engine confirms the container is gone.
import { loadActor, retireContainer } from '../../host/containers';
import { singleName, stringFlag, type ParsedArgs } from '../args';
import { stderrProgress } from '../step-progress';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';
import type { CliCommand } from './index';

export const containerRetire: CliCommand = {
  run: (args: ParsedArgs) => withJsonProblems(args.flags.json === true, async () => {
    const name = singleName(args.positionals, 'retire');
    const ctx = loadActor({ configFile: stringFlag(args, 'config'), user: stringFlag(args, 'user'), action: 'retire for' });
    const result = await retireContainer(ctx.engine, ctx.user,
      name, { force: args.flags.force === true, protectedLabel: ctx.protectedLabel, lifecycle: ctx.sources?.config.lifecycle }, stderrProgress);
    if (args.flags.json === true) writeJson({ ok: true, id: result.id, name: result.displayName, hostName: result.name, removed: true });
    else process.stdout.write(`${paint('Retired', 'green')} ${result.displayName} (${result.name}): the engine confirms it is gone.\n`);
    return 0;
  }),
};
