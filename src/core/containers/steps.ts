// The named steps of deploy and retire, reported through a progress callback. The extension shows them in
// withProgress, the CLI on stderr; both take the titles from here so the words stay the same.

export const DEPLOY_STEPS = ['validating', 'checking-image', 'checking-limits', 'allocating', 'creating', 'verifying', 'starting'] as const;
export const RETIRE_STEPS = ['finding', 'stopping', 'removing', 'verifying'] as const;

export type DeployStep = (typeof DEPLOY_STEPS)[number];
export type RetireStep = (typeof RETIRE_STEPS)[number];

export const STEP_TITLES: Record<DeployStep | RetireStep, string> = {
  validating: 'Validating the request',
  'checking-image': 'Checking the image',
  'checking-limits': 'Checking limits',
  allocating: 'Allocating GPUs',
  creating: 'Creating the container',
  verifying: 'Verifying with the engine',
  starting: 'Starting the container',
  finding: 'Finding the container',
  stopping: 'Stopping the container',
  removing: 'Removing the container',
};

export interface ProgressReport<S extends string> {
  step: S;
  /** 1-based position among the operation's steps, for "[3/7]" style displays. */
  index: number;
  total: number;
  title: string;
  /** What the step is waiting for, when it waits (e.g. another user's hold on the host lock). */
  detail?: string;
}

/** May return a promise; the operation waits for it before the step's engine call. */
export type ProgressCallback<S extends string> = (report: ProgressReport<S>) => void | Promise<void>;

export function progressReport<S extends DeployStep | RetireStep>(steps: readonly S[], step: S): ProgressReport<S> {
  return { step, index: steps.indexOf(step) + 1, total: steps.length, title: STEP_TITLES[step] };
}
