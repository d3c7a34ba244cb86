// The command table: id -> handler, the words a problem names it by, and what it returns when it fails.
// package.json's `contributes.commands` lists the same ids; register.ts reports every command's problems.
import type { Ds01Context } from '../context';
import { attachContainer } from './attach';
import { buildImage } from './build-image';
import { openFolderInGpuContainer } from './open-folder-in-gpu-container';
import { removeImage } from './remove-image';
import { deploy } from './deploy';
import { addDevcontainer } from './devcontainer-init';
import { keepContainerAlive, stopKeepingAlive } from './keep-alive';
import { openContainerTerminal } from './open-terminal';
import { refresh } from './refresh';
import { retire } from './retire';
import { runInContainer } from './run-in-container';
import { showLimits } from './show-limits';
import { startContainer } from './start';
import { stopContainer } from './stop';
import { viewLogs } from './view-logs';
import { pauseContainer } from './pause';
import { unpauseContainer } from './unpause';
import { openPort } from './open-port';
import { startJupyter } from './start-jupyter';
import { stopJupyter } from './stop-jupyter';
import { viewMoreLogs } from './view-more-logs';

export interface Ds01Command {
  run: (ctx: Ds01Context, ...args: never[]) => unknown;
  /** Names the command in its problem notification ("Deploy failed unexpectedly: ..."). */
  title: string;
  /** What the command returns when it failed (its callers, tests among them, tell failure from success by it). */
  failed: unknown;
}

export const COMMANDS: Record<string, Ds01Command> = {
  'ds01.deploy': { run: deploy, title: 'Deploy', failed: undefined },
  'ds01.retire': { run: retire, title: 'Retire', failed: undefined },
  'ds01.refresh': { run: refresh, title: 'Refresh', failed: undefined },
  'ds01.showLimits': { run: showLimits, title: 'Show My Limits', failed: undefined },
  'ds01.openTerminal': { run: openContainerTerminal, title: 'Open Terminal', failed: undefined },
  'ds01.attach': { run: attachContainer, title: 'Attach', failed: 'cancelled' },
  'ds01.start': { run: startContainer, title: 'Start', failed: false },
  'ds01.stop': { run: stopContainer, title: 'Stop', failed: false },
  'ds01.runInContainer': { run: runInContainer, title: 'Run in My Container', failed: undefined },
  'ds01.keepAlive': { run: keepContainerAlive, title: 'Keep Alive', failed: false },
  'ds01.addDevcontainer': { run: addDevcontainer, title: 'Add Dev Container Configuration', failed: undefined },
  'ds01.keepAliveOff': { run: stopKeepingAlive, title: 'Stop Keeping Alive', failed: false },
  'ds01.buildImage': { run: buildImage, title: 'Build Image', failed: undefined },
  'ds01.openFolderInGpuContainer': { run: openFolderInGpuContainer, title: 'Open Folder in GPU Container', failed: undefined },
  'ds01.removeImage': { run: removeImage, title: 'Remove Image', failed: undefined },
  'ds01.viewLogs': { run: viewLogs, title: 'View Logs', failed: undefined },
  'ds01.pause': { run: pauseContainer, title: 'Pause', failed: false },
  'ds01.unpause': { run: unpauseContainer, title: 'Unpause', failed: false },
  'ds01.openPort': { run: openPort, title: 'Open Port in Browser', failed: undefined },
  'ds01.startJupyter': { run: startJupyter, title: 'Start Jupyter Lab', failed: undefined },
  'ds01.stopJupyter': { run: stopJupyter, title: 'Stop Jupyter Lab', failed: false },
  'ds01.viewMoreLogs': { run: viewMoreLogs, title: 'View More Logs', failed: undefined },
};
