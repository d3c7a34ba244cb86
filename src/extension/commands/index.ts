// The command table: id -> handler. package.json's `contributes.commands` lists the same ids.
import type { Ds01Context } from '../context';
import { attach } from './attach';
import { deploy } from './deploy';
import { keepAlive } from './keep-alive';
import { openTerminal } from './open-terminal';
import { refresh } from './refresh';
import { retire } from './retire';
import { runInContainer } from './run-in-container';
import { showLimits } from './show-limits';
import { startContainer } from './start';
import { stopContainer } from './stop';

type Handler = (ctx: Ds01Context, ...args: never[]) => unknown;

export const COMMANDS: Record<string, Handler> = {
  'ds01.deploy': deploy,
  'ds01.retire': retire,
  'ds01.refresh': refresh,
  'ds01.showLimits': showLimits,
  'ds01.openTerminal': openTerminal,
  'ds01.attach': attach,
  'ds01.start': startContainer,
  'ds01.stop': stopContainer,
  'ds01.runInContainer': runInContainer,
  'ds01.keepAlive': keepAlive,
};
