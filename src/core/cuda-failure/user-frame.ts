// The frame a person would fix: the deepest one outside installed packages and the interpreter.
import type { TracebackFrame } from './types';

const NOT_USER_CODE = /[\\/](?:site|dist)-packages[\\/]|^<frozen |[\\/]lib[\\/]python\d+(?:\.\d+)?[\\/][^\\/]+\.py$|\.pyx$/;

export function userFrame(frames: TracebackFrame[]): TracebackFrame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (!NOT_USER_CODE.test(frames[i].file)) return frames[i];
  return undefined;
}
