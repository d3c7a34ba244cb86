// `ds01 container ports NAME [--json]`: the ports a running container listens on, and for each the command that
// reaches it from your own machine (ssh -L to the container's address: nothing is published on the host).
import { hostname } from 'node:os';
import { reachBy } from '../../core/ports/listening';
import { loadActor } from '../../host/containers';
import { ownPorts } from '../../host/ports/own-ports';
import { portsJson } from '../../core/cli-contracts/inside';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';

export const containerPorts = defineCommand({
  usage: 'ds01 container ports NAME [--json]',
  options: ACTOR_OPTIONS,
  json: portsJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'ports');
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'read the ports of a container of' });
      const r = await ownPorts(ctx.engine, ctx.user, name);
      const login = { user: ctx.user.name, host: hostname() };
      const ports = r.ports.map((p) => ({ ...p, ...reachBy(p, r.network, login) }));
      if (args.flags.json === true) {
        writeJson(portsJson, { ok: true, name: r.container.displayName, network: r.network, ports });
        return 0;
      }
      if (ports.length === 0) {
        process.stdout.write(`${r.container.displayName} listens on no TCP port.\n`);
        return 0;
      }
      process.stdout.write(
        ports
          .map((p) => `${p.port} (${p.address}): ${p.command ? `on your machine run\n    ${p.command}\n  then open ${p.url}` : `not reachable: ${p.why}`}\n`)
          .join(''),
      );
      return 0;
    }),
});
