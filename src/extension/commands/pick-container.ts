// Which container a container command acts on: the tree row it was invoked on, a name passed by another
// command (the deploy notification), or one the user picks from their containers.
import { formatGpuCount } from '../../core/format';
import type { Ds01Container } from '../../core/model';
import { problem } from '../../core/problem';
import type { UserView } from '../../host/users/view';
import type { Ds01Context } from '../context';
import { ContainerTreeItem } from '../tree/ContainerTreeItem';

export type ContainerArg = ContainerTreeItem | string | undefined;

/** What a picked name stands for in the view; none when it came from a command newer than the last scan. */
export function containerNamed(view: UserView, name: string): Ds01Container | undefined {
  return view.containers.find((c) => c.name === name || c.displayName === name);
}

export async function pickContainer(
  ctx: Ds01Context,
  view: UserView,
  arg: ContainerArg,
  title: string,
  filter: (c: Ds01Container) => boolean = () => true,
): Promise<string | undefined> {
  if (arg instanceof ContainerTreeItem) return arg.row.name;
  if (typeof arg === 'string' && arg.trim() !== '') return arg;
  const candidates = view.containers.filter(filter);
  if (candidates.length === 0) {
    throw problem(
      'not-found',
      `None of your containers fits "${title}" now (you have ${view.containers.length}).`,
      'Deploy one with "DS01: Deploy Container", or start a stopped one from the DS01 view.',
    );
  }
  const pick = await ctx.prompter.pick(
    candidates.map((c) => ({ label: c.displayName, description: `${c.state} · ${formatGpuCount(c.gpuUuids.length)}`, detail: c.image, name: c.name })),
    { title, placeholder: 'Container' },
  );
  return pick?.name;
}
