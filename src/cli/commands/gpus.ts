// `ds01 gpus [--json]`: the host's GPUs and slots from nvidia-smi, with who holds what (free / yours / in use).
// Needs no limits file: only nvidia-smi, and the engine when one answers.
import { sanitizeUserName } from '../../core/limits';
import { gpuProcessView } from '../../core/gpu-processes';
import { ownContainers, slotStates } from '../../core/usage';
import { connectEngine, gpuHolders } from '../../host/engine';
import { currentIdentity } from '../../host/identity';
import { NvidiaSmiRunner } from '../../host/nvidia-smi';
import { processPlaces } from '../../host/proc-cgroups';
import { resolveHostPaths } from '../../host/paths';
import { capture } from '../../host/user-view';
import { stringFlag } from '../args';
import { renderProblem } from '../render';
import type { CliCommand } from './index';
import { gpusJson, renderGpus } from '../gpus-table';

export const gpus: CliCommand = {
  async run(args) {
    const paths = resolveHostPaths(process.env);
    const identity = currentIdentity(stringFlag(args, 'user'));
    const [inventory, scan] = await Promise.all([
      new NvidiaSmiRunner({ command: paths.nvidiaSmi }).inventory(),
      capture(() => connectEngine({ dockerHost: paths.dockerHost }).scanContainers()),
    ]);
    const who = { name: identity.name, sanitized: sanitizeUserName(identity.name), uid: identity.overridden ? undefined : identity.uid };
    const allocation = scan.value
      ? slotStates(gpuHolders(scan.value), who, inventory.slots, inventory.gpus)
      : undefined;
    // Your processes are named with their container; everyone else's are only counted.
    const view = gpuProcessView(inventory.processes, processPlaces(inventory.processes.map((p) => p.pid)),
      scan.value ? ownContainers(scan.value.ds01, who) : [], identity.overridden ? null : identity.uid);
    const note = scan.problem ? `allocation unknown: ${scan.problem.message}` : undefined;
    process.stdout.write(args.flags.json === true
      ? `${JSON.stringify(gpusJson(inventory, allocation, note, view), null, 2)}\n`
      : renderGpus(inventory, allocation, note, view));
    if (scan.problem && args.flags.json !== true) process.stderr.write(renderProblem(scan.problem));
    return 0;
  },
};
