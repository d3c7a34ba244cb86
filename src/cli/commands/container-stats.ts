// `ds01 container stats [NAME] [--watch] [--json]`: the host's container-stats columns for the user's running
// containers (or one): CPU %, memory used / limit, network and block I/O, pids, GPU memory and utilisation.
// --watch redraws every 2 s from one engine stats stream per container until Ctrl-C (--json: one line each time).
import { stripEscapes } from '../../core/cuda-failure/line-splitter';
import { MEMORY_WARN_PERCENT, statsFromEngine, type EngineStats } from '../../core/container-stats/stats';
import { statsCells } from '../../core/container-stats/text';
import type { Ds01Container, GpuInventory } from '../../core/model';
import { gpuUsesOf, ownStats, statsTargets, type OwnStats } from '../../host/container-stats/own-stats';
import { loadActor } from '../../host/containers';
import type { Engine } from '../../host/engine';
import { NvidiaSmiRunner } from '../../host/nvidia-smi/run';
import { statsJson, statsWatchLine, type StatsJson } from '../../core/cli-contracts/inside';
import { ACTOR_OPTIONS, optionalPositional } from '../args';
import { defineCommand } from '../command';
import { jsonLine, withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';

const WATCH_MS = 2000;

export const containerStats = defineCommand({
  usage: 'ds01 container stats [NAME] [--watch] [--json]',
  options: { ...ACTOR_OPTIONS, watch: { type: 'boolean' } },
  json: statsJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = optionalPositional(args.positionals, 'container stats', 'at most one NAME', 'ds01 container stats [NAME] [--watch] [--json]');
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'read the stats of the containers of' });
      const json = args.flags.json === true;
      const targets = await statsTargets(ctx.engine, ctx.user, name);
      const smi = new NvidiaSmiRunner({ command: ctx.paths.nvidiaSmi });
      const readGpus = () =>
        smi.inventory().then(
          (i) => ({ inventory: i as GpuInventory | null, why: null as string | null }),
          (e: unknown) => ({ inventory: null, why: `nvidia-smi: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` }),
        );
      const show = (rows: OwnStats[]) => (json ? writeJson(statsJson, { ok: true, containers: rows.map(toJson) }) : process.stdout.write(table(rows)));
      if (args.flags.watch !== true) {
        const gpus = await readGpus();
        show(await ownStats(ctx.engine, targets, gpus.inventory, gpus.why));
        return 0;
      }
      await watch(ctx.engine, targets, readGpus, (rows) => {
        if (!json && process.stdout.isTTY) process.stdout.write('\u001b[H\u001b[2J');
        if (json) process.stdout.write(jsonLine(statsWatchLine, { ok: true, at: new Date().toISOString(), containers: rows.map(toJson) }));
        else process.stdout.write(table(rows));
      });
      return 0;
    }),
});

async function watch(
  engine: Engine,
  targets: Ds01Container[],
  readGpus: () => Promise<{ inventory: GpuInventory | null; why: string | null }>,
  draw: (rows: OwnStats[]) => void,
): Promise<void> {
  const latest = new Map<string, EngineStats>();
  let ended = 0;
  await new Promise<void>((resolve) => {
    const stops = targets.map((c) =>
      engine.statsStream(
        c.id,
        (s) => latest.set(c.id, s),
        (p) => {
          if (p) process.stderr.write(`ds01: the stats stream of ${c.displayName} ended: ${p.problem.message}\n`);
          if (++ended === targets.length) finish();
        },
      ),
    );
    const timer = setInterval(() => {
      void readGpus().then((g) => {
        const shown = targets.filter((c) => latest.has(c.id));
        const gpus = gpuUsesOf(shown, g.inventory, g.why);
        draw(shown.map((c, i) => ({ container: c, stats: statsFromEngine(latest.get(c.id)!), ...gpus[i] })));
      });
    }, WATCH_MS);
    function finish() {
      clearInterval(timer);
      for (const stop of stops) stop();
      process.removeListener('SIGINT', finish);
      resolve();
    }
    process.once('SIGINT', finish);
    if (targets.length === 0) finish();
  });
}

function toJson(r: OwnStats): StatsJson['containers'][number] {
  const { unknown, ...figures } = r.stats;
  const gpuUnknown = r.gpu.why ? { gpuMemoryMiB: r.gpu.why, gpuUtilizationPercent: r.gpu.why } : {};
  return {
    name: r.container.displayName,
    hostName: r.container.name,
    state: r.container.state,
    slots: r.slots,
    ...figures,
    gpuMemoryMiB: r.gpu.memoryMiB,
    gpuUtilizationPercent: r.gpu.utilizationPercent,
    unknown: { ...unknown, ...gpuUnknown },
  };
}

function table(rows: OwnStats[]): string {
  if (rows.length === 0) return 'No running containers of yours. Start one, or see them all with: ds01 container list --all\n';
  const head = ['NAME', 'CPU %', 'MEM USAGE / LIMIT', 'NET I/O', 'BLOCK I/O', 'PIDS', 'GPU MEM %'];
  const lines = rows.map((r) => {
    const c = statsCells(r.stats, r.gpu);
    const warn = r.stats.memoryPercent !== null && r.stats.memoryPercent >= MEMORY_WARN_PERCENT;
    return [
      r.container.displayName + (r.container.state === 'paused' ? ' (paused)' : ''),
      c.cpu,
      warn ? paint(c.memory, 'red') : c.memory,
      c.net,
      c.block,
      c.pids,
      c.gpu,
    ];
  });
  const plain = stripEscapes;
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => plain(l[i]).length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - plain(c).length)))
      .join('  ')
      .trimEnd();
  const notes = rows.flatMap((r) =>
    r.stats.memoryPercent !== null && r.stats.memoryPercent >= MEMORY_WARN_PERCENT
      ? [`${r.container.displayName}: memory at ${Math.round(r.stats.memoryPercent)}% of its limit; at 100% the kernel kills a process in it (OOM).`]
      : [],
  );
  return [fmt(head), ...lines.map(fmt), ...notes.map((n) => paint(n, 'yellow')), ''].join('\n');
}
