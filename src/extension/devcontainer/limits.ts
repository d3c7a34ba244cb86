// The user's limits as this window has read them, or why there are none (the check goes on without the cap).
import type { LimitSet } from '../../core/model';
import type { Problem } from '../../core/problem';
import type { ReadonlyHostState } from '../host-state';

export function windowLimits(state: ReadonlyHostState): LimitSet | Problem {
  if (state.view) return state.view.limits;
  if (state.configProblem) return state.configProblem;
  return { kind: 'config-missing', message: state.notDs01Host ? 'no DS01 install on this host' : 'DS01 has not read your limits yet' };
}
