// The user view for a long-lived front end (the extension): GPU figures and the engine's scan arrive on
// their own schedules (nvidia-smi on a timer, the engine on its events), so the view is composed from the
// latest of each instead of loading both at once as loadUserView does. Limits are re-read every time:
// a small file, and an edited config shows at once.
import type { User } from '../../core/model';
import { readUserLimits } from '../limits/config-files';
import { resolveHostPaths } from '../paths';
import { viewFromInputs, type UserView, type ViewInputs } from './view';

/** Throws the config's ProblemError (missing, invalid) like loadUserView. */
export function composeUserView(env: NodeJS.ProcessEnv, user: User, inputs: ViewInputs): UserView {
  const paths = resolveHostPaths(env);
  return viewFromInputs(paths, user, readUserLimits(paths, user), inputs);
}
