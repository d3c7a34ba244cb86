// Errors are values: a kind for code, a message for people, and the next step.
// Front ends decide how to show them (one line on the CLI, a tree item or notification in VS Code).

export type ProblemKind =
  | 'config-missing'
  | 'config-invalid'
  | 'group-file-unreadable'
  | 'nvidia-smi-missing'
  | 'nvidia-smi-failed'
  | 'nvidia-smi-timeout'
  | 'nvidia-smi-garbage'
  | 'engine-unreachable'
  | 'engine-permission'
  | 'engine-error'
  | 'container-unreadable'
  | 'invalid-name'
  | 'invalid-image'
  | 'image-missing'
  | 'limit-containers'
  | 'limit-per-container'
  | 'limit-total'
  | 'limit-full-gpu'
  | 'no-capacity'
  | 'not-found'
  | 'not-owner'
  | 'protected'
  | 'already-exists'
  | 'race-lost'
  | 'lock-timeout'
  | 'unsafe-file'
  | 'interrupted'
  | 'retire-failed'
  | 'deploy-failed'
  | 'build-failed'
  | 'image-in-use'
  | 'keep-alive-ignored'
  | 'not-running'
  | 'wait-timeout'
  | 'cancelled'
  | 'usage'
  | 'internal';

export interface Problem {
  kind: ProblemKind;
  /** One sentence for people: what is wrong, naming the file, command or limit. */
  message: string;
  /** What to do next, e.g. "run: ds01 container retire old-run". */
  fix?: string;
  /** engine-error: the HTTP status the engine answered with, for code to test (404: gone) instead of the message. */
  status?: number;
}

/** The message, then the fix where there is one, as one line. */
export function problemText(p: Pick<Problem, 'message' | 'fix'>): string {
  return p.fix ? `${p.message} ${p.fix}` : p.message;
}

/** Thrown by core and host code; front ends catch it and render `problem`. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problemText(problem));
    this.name = 'ProblemError';
  }
}

export function problem(kind: ProblemKind, message: string, fix?: string): ProblemError {
  return new ProblemError({ kind, message, fix });
}

export function isProblemError(e: unknown): e is ProblemError {
  return e instanceof ProblemError;
}
