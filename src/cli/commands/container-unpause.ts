// `ds01 container unpause NAME [--json]`: resumes a paused container's processes.
import { loadActor } from '../../host/containers';
import { unpauseOwn } from '../../host/pause/own-pause';
import { unpauseJson } from '../../core/cli-contracts/inside';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';

export const containerUnpause = defineCommand({
  usage: 'ds01 container unpause NAME [--json]',
  options: ACTOR_OPTIONS,
  json: unpauseJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'unpause');
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'unpause a container of' });
      const c = await unpauseOwn(ctx.engine, ctx.user, name);
      if (args.flags.json === true) writeJson(unpauseJson, { ok: true, name: c.displayName, hostName: c.name, paused: false });
      else process.stdout.write(`${paint('Unpaused', 'green')} ${c.displayName}: its processes run again.\n`);
      return 0;
    }),
});
