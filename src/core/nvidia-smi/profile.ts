// gpueq of a MIG profile: the compute slices it gets out of the GPU's total (7 on A100/H100/H200/B200).
//
// Profile names: "<g>g.<mem>gb" is a GPU instance with g compute slices ("3g.20gb" -> 3/7); suffixes
// such as "+me", "+me.all", "+gfx", "-me" add or remove media engines, not compute, so they change
// nothing. "<c>c.<g>g.<mem>gb" is a compute instance holding c of its GPU instance's g slices: a
// container on it gets c slices of compute, so its gpueq is c/7 (the memory stays shared in the GI).
import { problem } from '../problem';

const PROFILE = /^(?:(\d+)c\.)?(\d+)g\.\d+gb(?:[+-][a-z.]+)*$/i;

/** GPUs whose MIG splits into other than 7 compute slices. */
const SLICES_BY_PRODUCT: Array<[RegExp, number]> = [[/\bA30\b/, 4]];

export function computeSlicesOf(productName: string): number {
  return SLICES_BY_PRODUCT.find(([re]) => re.test(productName))?.[1] ?? 7;
}

export function migEquivalents(profile: string, productName: string): number {
  const m = PROFILE.exec(profile);
  const slices = m ? Number(m[1] ?? m[2]) : NaN;
  const total = computeSlicesOf(productName);
  if (!m || !(slices >= 1) || slices > total) {
    throw problem(
      'nvidia-smi-garbage',
      `'nvidia-smi -L' names a MIG profile '${profile}' that does not read as <slices>g.<memory>gb.`,
      'Check the MIG layout with: nvidia-smi mig -lgi',
    );
  }
  return slices / total;
}
