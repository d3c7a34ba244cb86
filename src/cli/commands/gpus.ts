// `ds01 gpus [--json]`: the host's GPUs and slots from nvidia-smi, with who holds what (free / yours / in use).
// Needs no limits file: only nvidia-smi, and the engine when one answers.
import { sanitizeUserName } from '../../core/limits';
import { slotStates } from '../../core/usage';
import { connectEngine, gpuHolders } from '../../host/engine';
import { currentIdentity } from '../../host/identity';
import { readingSharing } from '../../host/gpu-reading-cache';
import { NvidiaSmiRunner } from '../../host/nvidia-smi';
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
      new NvidiaSmiRunner({ command: paths.nvidiaSmi, share: readingSharing(paths.nvidiaSmi) }).inventory(),
      capture(() => connectEngine({ dockerHost: paths.dockerHost, inspectCacheDir: paths.cacheDir }).scanContainers()),
    ]);
    const who = { name: identity.name, sanitized: sanitizeUserName(identity.name), uid: identity.overridden ? undefined : identity.uid };
    const allocation = scan.value
      ? slotStates(gpuHolders(scan.value), who, inventory.slots, inventory.gpus)
      : undefined;
    const note = scan.problem ? `allocation unknown: ${scan.problem.message}` : undefined;
    process.stdout.write(args.flags.json === true
      ? `${JSON.stringify(gpusJson(inventory, allocation, note), null, 2)}\n`
      : renderGpus(inventory, allocation, note));
    if (scan.problem && args.flags.json !== true) process.stderr.write(renderProblem(scan.problem));
    return 0;
  },
};
