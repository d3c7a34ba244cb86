// `ds01 container list [--all] [--json]`: the user's containers with state, slots, image and age.
import { formatAge } from '../../core/age';
import { unprovenOwnerNote } from '../../core/containers/ownership';
import { addGpuActivity, listUserContainers, loadActor, type ContainerRow, type GpuActivityFields } from '../../host/containers';
import { NvidiaSmiRunner } from '../../host/nvidia-smi/run';
import { containerListJson } from '../../core/cli-contracts/containers';
import { ACTOR_OPTIONS } from '../args';
import { defineCommand } from '../command';
import { lifecycleJson, lifecycleViews, nextCell } from '../lifecycle-column';
import { withJsonProblems, writeJson } from '../json-output';
import { paint, renderTable } from '../render';
import { plural } from '../../core/format';

export const containerList = defineCommand({
  usage: 'ds01 container list [--all] [--json]',
  options: { ...ACTOR_OPTIONS, all: { type: 'boolean' } },
  json: containerListJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'list the containers of' });
      // Slot ids need nvidia-smi; without it the list still shows the UUIDs.
      const inventory = await new NvidiaSmiRunner({ command: ctx.paths.nvidiaSmi }).inventory().catch(() => null);
      const who = ctx.user;
      const listing = await listUserContainers(ctx.engine, who, inventory, { all: args.flags.all === true, protectedLabel: ctx.protectedLabel });
      const now = new Date();
      const rows = addGpuActivity(listing.rows, inventory);
      const views = await lifecycleViews(ctx, who, listing.shown, now);
      if (args.flags.json === true) {
        const containers = rows.map((r) => ({ ...r, lifecycle: lifecycleJson(views, r.id) }));
        writeJson(containerListJson, { ok: true, containers, hiddenStopped: listing.hiddenStopped });
      } else process.stdout.write(render(rows, listing.hiddenStopped, now, (id) => nextCell(views, id, now)));
      return 0;
    }),
});

function render(rows: Array<ContainerRow & GpuActivityFields>, hidden: number, now: Date, next: (id: string) => string): string {
  const lines = rows.map((r) => [
    r.displayName,
    r.state,
    r.slots.join(',') || '-',
    gpuMemoryCell(r),
    r.image,
    formatAge(new Date(r.createdAt), now),
    next(r.id),
    r.name,
  ]);
  const body = rows.length ? renderTable(['NAME', 'STATE', 'GPUS', 'GPU MEM', 'IMAGE', 'AGE', 'NEXT', 'CONTAINER'], lines) : 'No containers.\n';
  const unproven = rows
    .flatMap((r) => {
      const why = unprovenOwnerNote(r);
      return why ? [paint(`${r.name}: ${why}\n`, 'dim')] : [];
    })
    .join('');
  const note =
    unproven + (hidden > 0 ? paint(`${plural(hidden, 'stopped container')} not shown (they still hold their GPUs): ds01 container list --all\n`, 'dim') : '');
  return body + note;
}

/** GPU memory its processes use ("-" for a container without GPUs or when nvidia-smi was not read). */
function gpuMemoryCell(r: Pick<ContainerRow, 'slots'> & GpuActivityFields): string {
  if (r.slots.length === 0 || r.gpuMemoryMiB === null) return '-';
  const util = (r.gpuUtilization ?? []).map((u) => u.utilizationPercent).filter((u): u is number => u !== null);
  return `${r.gpuMemoryMiB} MiB${util.length ? ` ${Math.max(...util)}%` : ''}`;
}
