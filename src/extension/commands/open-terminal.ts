// DS01: Open Terminal in Container — `docker exec -it NAME sh` (bash when the image has it) in a VS Code terminal.
import { usableView, type Ds01Context } from '../context';
import { dockerTerminal } from './docker-terminal';
import { containerNamed, pickContainer, type ContainerArg } from './pick-container';

export async function openContainerTerminal(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: Open Terminal in Container', (c) => c.running);
  if (!name) return;
  const target = containerNamed(view, name);
  const hostName = target?.name ?? name;
  dockerTerminal(
    ctx,
    `DS01: ${target?.displayName ?? name}`,
    ['exec', '-it', hostName, 'sh', '-c', 'if command -v bash >/dev/null; then exec bash; else exec sh; fi'],
    [hostName, target?.displayName ?? name],
  );
  ctx.log.info(`terminal: docker exec -it ${hostName}`);
}
