// `ds01 container unpause NAME [--json]`: resumes a paused container's processes.
import { loadActor } from '../../host/containers';
import { unpauseOwn } from '../../host/pause/own-pause';
import { singleName, stringFlag, type ParsedArgs } from '../args';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';
import type { CliCommand } from './index';

export const containerUnpause: CliCommand = {
  run: (args: ParsedArgs) => withJsonProblems(args.flags.json === true, async () => {
    const name = singleName(args.positionals, 'unpause');
    const ctx = loadActor({ configFile: stringFlag(args, 'config'), user: stringFlag(args, 'user'), action: 'unpause a container of' });
    const c = await unpauseOwn(ctx.engine, ctx.user, name);
    if (args.flags.json === true) writeJson({ ok: true, name: c.displayName, hostName: c.name, paused: false });
    else process.stdout.write(`${paint('Unpaused', 'green')} ${c.displayName}: its processes run again.\n`);
    return 0;
  }),
};
