// Apart from view.ts, which reads the host, so that what draws a view imports no reader.
import type { UserView } from './view';

/** What the limit displays (check-limits text, tree rows, tooltip) need beyond the report itself. */
export function usageShown(view: Pick<UserView, 'engineProblem' | 'engineView'>): { usageKnown: boolean; slotIds: string[]; unknownNote: string } {
  const gaps = view.engineView?.gaps;
  const unread = gaps !== undefined && (gaps.gpus !== null || gaps.containers !== null);
  return {
    usageKnown: view.engineProblem === null && !unread,
    slotIds: view.engineView?.usage.slotIds ?? [],
    unknownNote: view.engineProblem === null && unread ? 'a container could not be read' : 'engine unreachable',
  };
}
