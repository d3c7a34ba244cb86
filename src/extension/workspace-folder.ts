// The host folder that stands for "the user's project": where deploy mounts /workspace from, and where a
// failed command ran when its output did not say.
import { homedir } from 'node:os';
import * as vscode from 'vscode';

/** The first workspace folder on disk, else home (a remote or virtual folder has no host path). */
export function workspaceDir(): string {
  const uri = vscode.workspace.workspaceFolders?.[0]?.uri;
  return uri?.scheme === 'file' ? uri.fsPath : homedir();
}

/** The folder a command ran in, else `workspaceDir()`. */
export function folderOf(cwd: string | undefined): string {
  return cwd || workspaceDir();
}
