// The command table: id -> handler, and the words a problem names it by.
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
}

export const COMMANDS: Record<string, Ds01Command> = {
  'ds01.deploy': { run: deploy, title: 'Deploy' },
  'ds01.retire': { run: retire, title: 'Retire' },
  'ds01.refresh': { run: refresh, title: 'Refresh' },
  'ds01.showLimits': { run: showLimits, title: 'Show My Limits' },
  'ds01.openTerminal': { run: openContainerTerminal, title: 'Open Terminal' },
  'ds01.attach': { run: attachContainer, title: 'Attach' },
  'ds01.start': { run: startContainer, title: 'Start' },
  'ds01.stop': { run: stopContainer, title: 'Stop' },
  'ds01.runInContainer': { run: runInContainer, title: 'Run in My Container' },
  'ds01.keepAlive': { run: keepContainerAlive, title: 'Keep Alive' },
  'ds01.addDevcontainer': { run: addDevcontainer, title: 'Add Dev Container Configuration' },
  'ds01.keepAliveOff': { run: stopKeepingAlive, title: 'Stop Keeping Alive' },
  'ds01.buildImage': { run: buildImage, title: 'Build Image' },
  'ds01.openFolderInGpuContainer': { run: openFolderInGpuContainer, title: 'Open Folder in GPU Container' },
  'ds01.removeImage': { run: removeImage, title: 'Remove Image' },
  'ds01.viewLogs': { run: viewLogs, title: 'View Logs' },
  'ds01.pause': { run: pauseContainer, title: 'Pause' },
  'ds01.unpause': { run: unpauseContainer, title: 'Unpause' },
  'ds01.openPort': { run: openPort, title: 'Open Port in Browser' },
  'ds01.startJupyter': { run: startJupyter, title: 'Start Jupyter Lab' },
  'ds01.stopJupyter': { run: stopJupyter, title: 'Stop Jupyter Lab' },
  'ds01.viewMoreLogs': { run: viewMoreLogs, title: 'View More Logs' },
};
