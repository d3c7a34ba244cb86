// Follows Python tracebacks line by line: plain Python ("  File "x.py", line 3, in f") and IPython /
// Jupyter ("File /x.py:3, in f()", "Cell In[2], line 3", "----> 3 code"). The first line after the
// body that is not part of it is the exception line; its frames stay available for a few lines, because
// some messages continue below the exception header (Numba's "Error at driver init: \n[100] ...").
import type { TracebackFrame } from './types';

const HEADER = 'Traceback (most recent call last)';
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/;
const IPYTHON_FRAME = /^\s*File (\S.*?):(\d+)(?:, in ([^\s(]+))?/;
const IPYTHON_CELL = /^\s*Cell (In ?\[\d+\]), line (\d+)/;
const IPYTHON_ARROW = /^-*>\s*\d+/;
/** How many lines below the exception line still belong to its message. */
const MESSAGE_TAIL_LINES = 6;

export interface FinishedTraceback {
  frames: TracebackFrame[];
  /** The exception line ("RuntimeError: No CUDA GPUs are available"). */
  exceptionLine: string;
  /** Lines seen since the exception line (0 on the exception line itself). */
  linesSince: number;
}

export class TracebackTracker {
  private frames: TracebackFrame[] | null = null;
  private finished: FinishedTraceback | null = null;

  constructor(private readonly maxFrames: number) {}

  /** True while inside a traceback body (header and frames, before the exception line). */
  get inBody(): boolean {
    return this.frames !== null;
  }

  /** Feeds one visible line; returns the traceback whose message this line may belong to, if any. */
  next(line: string): FinishedTraceback | null {
    if (this.finished) {
      this.finished.linesSince++;
      if (this.finished.linesSince > MESSAGE_TAIL_LINES) this.finished = null;
    }
    if (line.indexOf(HEADER) !== -1) {
      this.frames = [];
      this.finished = null;
      return null;
    }
    if (this.frames === null) return this.finished;
    const frame = parseFrame(line);
    if (frame) {
      if (this.frames.length >= this.maxFrames) this.frames.shift();
      this.frames.push(frame);
      return null;
    }
    if (isBodyLine(line)) return null;
    this.finished = { frames: this.frames, exceptionLine: line.trim(), linesSince: 0 };
    this.frames = null;
    return this.finished;
  }
}

function parseFrame(line: string): TracebackFrame | null {
  const m = PYTHON_FRAME.exec(line) ?? IPYTHON_FRAME.exec(line);
  if (m) return m[3] ? { file: m[1], line: Number(m[2]), function: m[3].trim() } : { file: m[1], line: Number(m[2]) };
  const cell = IPYTHON_CELL.exec(line);
  return cell ? { file: `Cell ${cell[1]}`, line: Number(cell[2]) } : null;
}

function isBodyLine(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  return c === 32 || c === 9 || IPYTHON_ARROW.test(line);
}
