// The steps of a multi-step input (the samples' MultiStepInput, as a list; no vscode import: unit-tested).

/** A quick input's answer when its Back button was pressed (prompter.ts). */
export const BACK = Symbol('back');
export type Back = typeof BACK;

/** What a step answered: go on, go back (its Back button), or undefined (dismissed). */
export type StepAnswer = 'next' | 'back' | undefined;

/**
 * Runs the steps in order: 'back' shows the step before again (each step keeps its own last answer),
 * 'next' goes on, undefined ends the flow (false). True once the last step said 'next'.
 */
export async function runSteps(steps: ReadonlyArray<() => Promise<StepAnswer>>): Promise<boolean> {
  for (let i = 0; i < steps.length;) {
    const answer = await steps[i]();
    if (answer === undefined) return false;
    i = answer === 'back' ? Math.max(0, i - 1) : i + 1;
  }
  return true;
}
