// The frame a person would fix: the deepest one outside installed packages and the interpreter, and within
// what the caller can show (its workspace). The scope is applied while searching, not after: a traceback that
// passes through code outside the workspace (a folder on sys.path, an editable install, a shared folder)
// still has the user's own frame further up.
import type { TracebackFrame } from './types';

const NOT_USER_CODE = /[\\/](?:site|dist)-packages[\\/]|^<frozen |[\\/]lib[\\/]python\d+(?:\.\d+)?[\\/][^\\/]+\.py$|\.pyx$/;

export function userFrame(frames: TracebackFrame[], inScope: (frame: TracebackFrame) => boolean = () => true): TracebackFrame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (!NOT_USER_CODE.test(frames[i].file) && inScope(frames[i])) return frames[i];
  return undefined;
}
