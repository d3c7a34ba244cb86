// Reads `nvidia-smi -L`: GPUs and MIG devices with their UUIDs and profile names, numbered as the tool numbers them.
import { garbageOf } from './garbage';
import { problem } from '../problem';

export interface ListedMig {
  profile: string;
  /** "Device N" under its GPU: the same number as <mig_device><index> in the XML. */
  device: number;
  uuid: string;
}

export interface ListedGpu {
  index: number;
  name: string;
  uuid: string;
  migs: ListedMig[];
}

export const LIST_COMMAND = 'nvidia-smi -L';

const GPU_LINE = /^GPU (\d+): (.*?) \(UUID: (GPU-[^)\s]+)\)\s*$/;
// R470+: "MIG 3g.20gb     Device  0: (UUID: MIG-<uuid>)"; R450/460: "MIG 3g.20gb Device 0: (UUID: MIG-GPU-<uuid>/2/0)".
const MIG_LINE = /^\s+MIG (\S+)\s+Device\s+(\d+): \(UUID: (MIG-[^)\s]+)\)\s*$/;

export function parseSmiList(text: string, command = LIST_COMMAND): ListedGpu[] {
  const gpus: ListedGpu[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const g = GPU_LINE.exec(line);
    if (g) {
      gpus.push({ index: Number(g[1]), name: g[2], uuid: g[3], migs: [] });
      continue;
    }
    const m = MIG_LINE.exec(line);
    if (m && gpus.length > 0) {
      gpus[gpus.length - 1].migs.push({ profile: m[1], device: Number(m[2]), uuid: m[3] });
      continue;
    }
    throw garbageOf(command)(`printed a line that is neither a GPU nor a MIG device: "${line.trim().slice(0, 60)}"`);
  }
  if (gpus.length === 0) {
    throw problem('nvidia-smi-garbage', `'${command}' printed no GPU.`, 'Run it by hand to see its output.');
  }
  return gpus;
}
