// DS01: View Logs — the container's log in a read-only editor that follows while open (log-documents.ts).
import { usableView, type Ds01Context } from '../context';
import { logsUri, showLogs } from '../container-logs/log-documents';
import { pickContainer, type ContainerArg } from './pick-container';

export async function viewLogs(ctx: Ds01Context, arg?: ContainerArg): Promise<void> {
  const view = usableView(ctx);
  const name = await pickContainer(ctx, view, arg, 'DS01: View Logs');
  if (!name) return;
  await showLogs(logsUri(name));
}
