// `ds01 image remove NAME [--json]`: removes one of your images; refused while a container uses it.
import { loadActor } from '../../host/containers';
import { removeUserImage } from '../../host/images';
import { problem } from '../../core/problem';
import { stringFlag, type ParsedArgs } from '../args';
import { withJsonProblems, writeJson } from '../json-output';
import type { CliCommand } from './index';

export const imageRemove: CliCommand = {
  run: (args: ParsedArgs) => withJsonProblems(args.flags.json === true, async () => {
    if (args.positionals.length !== 1) throw problem('usage', 'ds01 image remove takes one NAME.', 'Usage: ds01 image remove NAME (a project name or ds01-<uid>/NAME:TAG; see ds01 image list).');
    const ctx = loadActor({ configFile: stringFlag(args, 'config'), user: stringFlag(args, 'user'), action: 'remove the images of' });
    const removed = await removeUserImage(ctx.engine, ctx.user, args.positionals[0]);
    if (args.flags.json === true) writeJson({ ok: true, ...removed });
    else process.stdout.write(`Removed ${removed.name}.\n`);
    return 0;
  }),
};
