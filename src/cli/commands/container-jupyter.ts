// `ds01 container jupyter NAME [--port N] [--json]`: starts Jupyter Lab in the container with a token of ours,
// waits until it listens, and prints how to open it from your machine (ssh -L, then the URL).
// `--stop [--port N]` stops it (8888 unless given).
import { hostname } from 'node:os';
import { parsePort, reachBy } from '../../core/ports/listening';
import { loadActor } from '../../host/containers';
import { startJupyter, stopJupyter } from '../../host/ports/jupyter';
import { jupyterJson } from '../../core/cli-contracts/inside';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';

export const containerJupyter = defineCommand({
  usage: 'ds01 container jupyter NAME [--port N] [--json] | ds01 container jupyter NAME --stop [--port N] [--json]',
  options: { ...ACTOR_OPTIONS, port: { type: 'string' }, stop: { type: 'boolean' } },
  json: jupyterJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'jupyter');
      const portText = args.flags.port;
      const wanted = portText === undefined ? undefined : parsePort(portText);
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'start Jupyter in a container of' });
      const json = args.flags.json === true;
      if (args.flags.stop === true) {
        const port = wanted ?? 8888;
        const c = await stopJupyter(ctx.engine, ctx.user, name, port);
        if (json) writeJson(jupyterJson, { ok: true, name: c.displayName, port, stopped: true });
        else process.stdout.write(`${paint('Stopped', 'green')} Jupyter on port ${port} in ${c.displayName}.\n`);
        return 0;
      }
      if (!json) process.stderr.write(`Starting Jupyter Lab in ${name}…\n`);
      const j = await startJupyter(ctx.engine, ctx.user, name, { port: wanted });
      const reach = reachBy({ port: j.port, address: '0.0.0.0', loopbackOnly: false }, j.network, { user: ctx.user.name, host: hostname() });
      const url = reach.url ? `${reach.url}${j.path}` : null;
      if (json) writeJson(jupyterJson, { ok: true, name: j.container.displayName, port: j.port, token: j.token, url, forward: reach.command, why: reach.why });
      else {
        process.stdout.write(`${paint('Jupyter Lab runs', 'green')} in ${j.container.displayName} on port ${j.port}.\n`);
        process.stdout.write(
          reach.command
            ? `On your machine run\n    ${reach.command}\nthen open\n    ${url}\n`
            : `It cannot be reached from outside: ${reach.why}. In VS Code, "DS01: Start Jupyter Lab" forwards it.\n`,
        );
        process.stdout.write(`Stop it with: ds01 container jupyter ${j.container.displayName} --stop --port ${j.port}\n`);
      }
      return 0;
    }),
});
