// The user view for a long-lived front end (the extension): GPU figures and the engine's scan arrive on
// their own schedules (nvidia-smi on a timer, the engine on its events), so the view is composed from the
// latest of each instead of loading both at once as loadUserView does. Limits are re-read every time:
// a small file, and an edited config shows at once.
import { readUserLimits } from '../limits/config-files';
import { currentIdentity } from './identity';
import { resolveHostPaths } from '../paths';
import { viewFromInputs, type UserView, type ViewInputs } from './view';

/** Throws the config's ProblemError (missing, invalid) like loadUserView. */
export function composeUserView(env: NodeJS.ProcessEnv, inputs: ViewInputs): UserView {
  const paths = resolveHostPaths(env);
  const identity = currentIdentity();
  return viewFromInputs(paths, identity, readUserLimits(paths, identity.name), inputs);
}
