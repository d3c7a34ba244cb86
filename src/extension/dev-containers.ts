// The Dev Containers extension, which Attach VS Code hands over to: offered only where it is installed.
import * as vscode from 'vscode';

export const DEV_CONTAINERS_ID = 'ms-vscode-remote.remote-containers';

export function devContainersInstalled(): boolean {
  return vscode.extensions.getExtension(DEV_CONTAINERS_ID) !== undefined;
}
