// `ds01 container pause NAME [--json]`: says what pausing means here (GPUs stay held, no maximum pause time,
// the idle and runtime rules go on), then freezes the container's processes.
import { loadActor } from '../../host/containers';
import { lifecycleSources } from '../../host/lifecycle';
import { ownContainer } from '../../host/containers/own';
import { pauseMeaningFor, pauseOwn } from '../../host/pause/own-pause';
import { pauseJson } from '../../core/cli-contracts/inside';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';

export const containerPause = defineCommand({
  usage: 'ds01 container pause NAME [--json]',
  options: ACTOR_OPTIONS,
  json: pauseJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'pause');
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'pause a container of' });
      const src = ctx.sources ? lifecycleSources(ctx.sources, ctx.paths.configFile) : null;
      const meaning = await pauseMeaningFor(ctx.engine, await ownContainer(ctx.engine, ctx.user, name), ctx.user, src);
      const json = args.flags.json === true;
      if (!json) process.stdout.write(meaning.map((l) => `  ${l}\n`).join(''));
      const c = await pauseOwn(ctx.engine, ctx.user, name);
      if (json) writeJson(pauseJson, { ok: true, name: c.displayName, hostName: c.name, paused: true, maxPauseSeconds: null, meaning });
      else process.stdout.write(`${paint('Paused', 'green')} ${c.displayName}. Resume it with: ds01 container unpause ${c.displayName}\n`);
      return 0;
    }),
});
