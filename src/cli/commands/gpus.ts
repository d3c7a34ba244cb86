// `ds01 gpus [--json]`: the host's GPUs and slots from nvidia-smi, with who holds what (free / yours / in use).
// Needs no limits file: only nvidia-smi, and the engine when one answers.
import { gpuProcessView } from '../../core/containers/gpu-processes';
import { unreadableProblem, usageGaps } from '../../core/containers/unreadable';
import { ownContainers, slotStates } from '../../core/allocation/usage';
import { connectEngine, gpuHolders } from '../../host/engine';
import { resolveUser } from '../../host/users/identity';
import { readingSharing } from '../../host/nvidia-smi/reading-cache';
import { NvidiaSmiRunner } from '../../host/nvidia-smi/run';
import { processPlaces } from '../../host/containers/proc-cgroups';
import { resolveHostPaths } from '../../host/paths';
import { capture } from '../../host/users/view';
import { ACTOR_OPTIONS } from '../args';
import { defineCommand } from '../command';
import { gpusJson as gpusContract } from '../../core/cli-contracts/gpus';
import { writeJson } from '../json-output';
import { renderProblem } from '../render';
import { gpusJson, renderGpus } from '../gpus-table';

export const gpus = defineCommand({
  usage: 'ds01 gpus [--user U] [--config FILE] [--json]',
  // --config as every host command takes it (scripts pass it to each); gpus reads no limits file, so it changes nothing.
  options: ACTOR_OPTIONS,
  json: gpusContract,
  async run(args) {
    const paths = resolveHostPaths(process.env);
    const who = resolveUser({ user: args.flags.user });
    const [inventory, scan] = await Promise.all([
      new NvidiaSmiRunner({ command: paths.nvidiaSmi, share: readingSharing(paths.nvidiaSmi) }).inventory(),
      capture(() => connectEngine({ dockerHost: paths.dockerHost }).scanContainers()),
    ]);
    const allocation = scan.value ? slotStates(gpuHolders(scan.value), who, inventory.slots, inventory.gpus) : undefined;
    // A container that could not be read may hold any slot that looks free: those are unknown, not free.
    const unknownFree = scan.value ? usageGaps(scan.value.unreadable, who).freeSlots : null;
    if (allocation && unknownFree) for (const [id, state] of allocation) if (state === 'free') allocation.delete(id);
    const unread = scan.value ? unreadableProblem(scan.value.unreadable) : null;
    // Your processes are named with their container; everyone else's are only counted.
    const view = gpuProcessView(
      inventory.processes,
      processPlaces(inventory.processes.map((p) => p.pid)),
      scan.value ? ownContainers(scan.value.ds01, who) : [],
      who.uid,
    );
    const note = scan.problem ? `allocation unknown: ${scan.problem.message}` : unknownFree ? `free slots unknown: ${unknownFree}` : undefined;
    if (args.flags.json === true) writeJson(gpusContract, gpusJson(inventory, allocation, note, view));
    else process.stdout.write(renderGpus(inventory, allocation, note, view));
    for (const p of [scan.problem, unread]) if (p && args.flags.json !== true) process.stderr.write(renderProblem(p));
    return 0;
  },
});
