// `ds01 container retire NAME [--force] [--json]`: success only once the engine confirms the container is gone.
import { loadActor, retireContainer } from '../../host/containers';
import { retireJson } from '../../core/cli-contracts/containers';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { stderrProgress } from '../step-progress';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';

export const containerRetire = defineCommand({
  usage: 'ds01 container retire NAME [--force] [--json]',
  options: { ...ACTOR_OPTIONS, force: { type: 'boolean' } },
  json: retireJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'retire');
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'retire for' });
      const result = await retireContainer(
        ctx.engine,
        ctx.user,
        name,
        { force: args.flags.force === true, protectedLabel: ctx.protectedLabel, lifecycle: ctx.sources?.config.lifecycle },
        stderrProgress,
      );
      if (args.flags.json === true) writeJson(retireJson, { ok: true, id: result.id, name: result.displayName, hostName: result.name, removed: true });
      else process.stdout.write(`${paint('Retired', 'green')} ${result.displayName} (${result.name}): the engine confirms it is gone.\n`);
      return 0;
    }),
});
