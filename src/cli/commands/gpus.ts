// `ds01 gpus [--json]`: the host's GPUs and slots from nvidia-smi.
import { NvidiaSmiRunner } from '../../host/nvidia-smi';
import type { CliCommand } from './index';
import { gpusJson, renderGpus } from '../gpus-table';

/** Until the engine is wired in, allocation is unknown; the inventory still prints. */
export const NO_ENGINE_NOTE = 'allocation unknown: no Docker engine reached';

export const gpus: CliCommand = {
  summary: 'GPUs and MIG slots of this host, with memory, utilisation and allocation',
  async run(args) {
    const inventory = await new NvidiaSmiRunner().inventory();
    const out = args.flags.json === true
      ? `${JSON.stringify(gpusJson(inventory, undefined, NO_ENGINE_NOTE), null, 2)}\n`
      : renderGpus(inventory, undefined, NO_ENGINE_NOTE);
    process.stdout.write(out);
    return 0;
  },
};
