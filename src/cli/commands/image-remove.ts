// `ds01 image remove NAME [--json]`: removes one of your images; refused while a container uses it.
import { loadActor } from '../../host/containers';
import { removeUserImage } from '../../host/images';
import { problem } from '../../core/problem';
import { imageRemoveJson } from '../../core/cli-contracts/images';
import { ACTOR_OPTIONS } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';

export const imageRemove = defineCommand({
  usage: 'ds01 image remove NAME [--json]',
  options: ACTOR_OPTIONS,
  json: imageRemoveJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      if (args.positionals.length !== 1)
        throw problem(
          'usage',
          'ds01 image remove takes one NAME.',
          'Usage: ds01 image remove NAME (a project name or ds01-<uid>/NAME:TAG; see ds01 image list).',
        );
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'remove the images of' });
      const removed = await removeUserImage(ctx.engine, ctx.user, args.positionals[0]);
      if (args.flags.json === true) writeJson(imageRemoveJson, { ok: true, ...removed });
      else process.stdout.write(`Removed ${removed.name}.\n`);
      return 0;
    }),
});
