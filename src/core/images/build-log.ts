// The engine's build stream (one JSON object per message) read into steps, output lines and the outcome.
// Classic builder: `{"stream":"Step 2/5 : RUN ..."}`, `{"stream":" ---> Running in ..."}`, `{"aux":{"ID":...}}`,
// `{"error":"...","errorDetail":{...}}`.
import { ProblemError } from '../problem';
import type { Instruction } from './dockerfile-lines';

export type BuildEvent =
  | { type: 'step'; index: number; total: number; instruction: string }
  | { type: 'output'; text: string }
  | { type: 'image'; id: string }
  | { type: 'error'; message: string };

export interface BuildMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string };
}

const STEP = /^Step (\d+)\/(\d+) : ([\s\S]*)$/;

export function buildEvents(message: BuildMessage): BuildEvent[] {
  if (message.error !== undefined || message.errorDetail?.message !== undefined) {
    return [{ type: 'error', message: (message.error ?? message.errorDetail?.message ?? '').trim() }];
  }
  if (message.aux?.ID) return [{ type: 'image', id: message.aux.ID }];
  const text =
    message.stream ??
    (message.status !== undefined ? `${message.id ? `${message.id}: ` : ''}${message.status}${message.progress ? ` ${message.progress}` : ''}\n` : '');
  if (text === '' || text === '\n') return [];
  const step = STEP.exec(text.trim());
  if (step) return [{ type: 'step', index: Number(step[1]), total: Number(step[2]), instruction: step[3].trim() }];
  return [{ type: 'output', text }];
}

/** Splits stream text into whole lines (`carry` keeps a line not yet ended). */
export function outputLines(carry: string, text: string): { lines: string[]; carry: string } {
  const all = (carry + text).split(/\r?\n/);
  return { lines: all.slice(0, -1).filter((l) => l.trim() !== ''), carry: all[all.length - 1] };
}

export interface BuildFailure {
  step: number | null;
  total: number | null;
  instruction: string | null;
  /** 1-based line in the Dockerfile, when the step maps to one. */
  line: number | null;
  endLine: number | null;
  message: string;
  /** The last lines of output before the failure. */
  tail: string[];
}

export const FAILURE_TAIL_LINES = 12;

export function buildFailure(input: {
  message: string;
  step: { index: number; total: number; instruction: string } | null;
  instructions: Instruction[];
  output: string[];
}): BuildFailure {
  const { step, instructions } = input;
  // The step numbers are the instruction's place in the file when both count the same instructions (the engine
  // counts one more: the LABEL line with the host's labels that the build adds last).
  const counted = step !== null && (instructions.length === step.total || instructions.length + 1 === step.total);
  const at = counted ? instructions[step.index - 1] : undefined;
  return {
    step: step?.index ?? null,
    total: step?.total ?? null,
    instruction: step?.instruction ?? null,
    line: at?.line ?? null,
    endLine: at?.endLine ?? null,
    message: input.message,
    tail: input.output.filter((l) => !/^ ---> /.test(l) && !/^Removing intermediate container/.test(l)).slice(-FAILURE_TAIL_LINES),
  };
}

/** One line naming the step and the line; the fix points at the file. */
export function failureText(f: BuildFailure, dockerfile: string): string {
  const where =
    f.step !== null ? `step ${f.step}/${f.total} (${f.instruction})${f.line !== null ? ` at ${dockerfile}:${f.line}` : ''}` : 'before its first step';
  return `The build failed at ${where}: ${f.message}`;
}

/** A build that failed at a step: the problem, plus where, for the Dockerfile diagnostic. */
export class BuildFailed extends ProblemError {
  constructor(
    readonly failure: BuildFailure,
    readonly dockerfile: string,
    fix: string,
  ) {
    super({ kind: 'build-failed', message: failureText(failure, dockerfile), fix });
    this.name = 'BuildFailed';
  }
}
