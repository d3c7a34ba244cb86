// What every command gets: the host state, the prompter, the log, and helpers to name the user.
import type * as vscode from 'vscode';
import { problem, ProblemError } from '../core/problem';
import type { UserView } from '../host/users/view';
import type { ReadonlyHostState } from './host-state';
import type { Relays } from './ports/relays';
import type { Prompter } from './prompter';
import type { Ds01Settings } from './settings';
import type { ImageOutputs } from './images/run-build';

export interface Ds01Context {
  state: ReadonlyHostState;
  prompter: Prompter;
  log: vscode.LogOutputChannel;
  settings: () => Ds01Settings;
  /** Re-read lifecycle inputs (after a keep-alive change); absent in contexts without the lifecycle watch. */
  lifecycleChanged?: () => void;
  /** Whether Keep Alive means anything for this container now (lifecycle watch); undefined: not known yet. */
  keepAliveOf?: (id: string) => 'offered' | 'on' | 'none' | undefined;
  /** An action refused for the user's limits: the status bar says so until their usage changes. */
  refused?: (text: string) => void;
  /** A command re-run here succeeded: the DS01 problems it left are gone. */
  commandSucceeded?: (commandLine: string) => void;
  /** The build log terminal and the Dockerfile diagnostics. */
  images: ImageOutputs;
  /** The window's port relays (Open Port in Browser), closed with the window. */
  relays: Relays;
}

/** The view when limits and the engine can both be read, else the problem that stops a command. */
export function usableView(ctx: Ds01Context): UserView {
  const { view, configProblem } = ctx.state;
  if (configProblem) throw new ProblemError(configProblem);
  if (!view) throw problem('internal', 'DS01 has not read the host yet.', 'Wait a moment, then try again.');
  if (view.engineProblem) throw new ProblemError(view.engineProblem);
  return view;
}
