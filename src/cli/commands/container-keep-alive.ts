// `ds01 container keep-alive NAME [--off] [--json]`: create/refresh or remove /workspace/.keep-alive.
import { problem } from '../../core/problem';
import { loadActor } from '../../host/containers';
import { keepAliveMessage, lifecycleSources, setKeepAlive } from '../../host/lifecycle';
import { keepAliveJson } from '../../core/cli-contracts/containers';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';

export const containerKeepAlive = defineCommand({
  usage: 'ds01 container keep-alive NAME [--off] [--json]',
  options: { ...ACTOR_OPTIONS, off: { type: 'boolean' } },
  json: keepAliveJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'keep-alive');
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'keep alive a container of' });
      if (!ctx.sources)
        throw problem(
          'config-missing',
          `Cannot read the limits file ${ctx.paths.configFile}, so the idle rule for this container is unknown.`,
          'Set DS01_ROOT or pass --config FILE.',
        );
      const src = lifecycleSources(ctx.sources, ctx.paths.configFile);
      const now = new Date();
      const r = await setKeepAlive(ctx.engine, ctx.user, name, args.flags.off !== true, src, now);
      if (args.flags.json === true)
        writeJson(keepAliveJson, {
          ok: true,
          name: r.container.displayName,
          hostName: r.container.name,
          keepAlive: r.on,
          keepAliveUntil: r.until?.toISOString() ?? null,
        });
      else process.stdout.write(`${paint(r.on ? 'Kept alive' : 'Keep-alive off', 'green')} ${keepAliveMessage(r, now)}\n`);
      return 0;
    }),
});
