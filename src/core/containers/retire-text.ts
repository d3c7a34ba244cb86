// What the Retire confirmation says, in the words of the other messages (GPU numbers, the stop grace).
import { formatGpus, stopGraceText } from '../format';

/** `gpuIds`: the container's GPU numbers (null: unknown); `graceSeconds`: the stop's grace (null: not running). */
export function retireDetail(gpuIds: string[] | null, graceSeconds: number | null): string {
  const gpus = gpuIds === null || gpuIds.length === 0 ? '' : ` Its GPU${gpuIds.length === 1 ? ' is' : 's are'} freed (${formatGpus(gpuIds)}).`;
  const stop = graceSeconds === null ? 'It is removed' : `It is stopped (${stopGraceText(graceSeconds)}) and removed`;
  return `${stop}; files outside /workspace are lost.${gpus}`;
}
