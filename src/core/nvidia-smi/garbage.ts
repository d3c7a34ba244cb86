// The one way the nvidia-smi readers (xml.ts, csv.ts, list.ts) say that a command printed something they cannot read.
import { problem, type ProblemError } from '../problem';

/** `what` finishes the sentence "'<command>' ...". */
export type Garbage = (what: string) => ProblemError;

export function garbageOf(command: string): Garbage {
  return (what) =>
    problem(
      'nvidia-smi-garbage',
      `'${command}' ${what}.`,
      'Run it by hand to see its output; set DS01_NVIDIA_SMI if a wrapper stands in for the real nvidia-smi.',
    );
}
