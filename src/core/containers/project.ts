// The project <-> container link: deploy by project launch writes the host's own labels (label-schema.yaml:
// ds01.project, ds01.workspace), so the link survives a reload and any front end finds the container again.
import type { Ds01Container, UserAsOwner } from '../model';
import { ownedBy } from './ownership';

export const PROJECT_LABEL = 'ds01.project';
export const PROJECT_WORKSPACE_LABEL = 'ds01.workspace';

export function projectLabels(project: string, folder: string): Record<string, string> {
  return { [PROJECT_LABEL]: project, [PROJECT_WORKSPACE_LABEL]: folder };
}

/**
 * The user's container for this project folder (its real path), else null. Labels anyone could write never give
 * rights: the container must be the user's own by ownership rules, and mount the same folder at /workspace.
 */
export function projectContainer(containers: Ds01Container[], user: UserAsOwner, folder: string): Ds01Container | null {
  const mine = containers.filter((c) => ownedBy(c, user) && c.labels[PROJECT_WORKSPACE_LABEL] === folder && c.workspace === folder);
  return mine.sort((a, b) => Number(b.running) - Number(a.running) || b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
}
