// Follows Python tracebacks line by line: plain Python ("  File "x.py", line 3, in f") and IPython /
// Jupyter: IPython 8 ("File /x.py:3, in f()", "Cell In[2], line 3", 8.0-8.5 "Input In [2], in <cell line: 3>()")
// and IPython 7 ("<ipython-input-2-ab12> in <module>", "/x.py in f()"), whose frame header has no line
// number: the frame takes the line of the "----> 3 code" arrow below it, and is dropped without one.
// The first line after the body that is not part of it is the exception line; its frames stay available for
// a few lines, because some messages continue below the exception header (Numba's "Error at driver init: \n[100] ...").
import { cellFileName } from './notebook-cell';
import type { TracebackFrame } from './types';

const HEADER = 'Traceback (most recent call last)';
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/;
const IPYTHON_FRAME = /^\s*File (\S.*?):(\d+)(?:, in ([^\s(]+))?/;
// VS Code's notebook renderer may have wrapped "line 3" and the arrow's number in <a href=...> links.
const IPYTHON_CELL = /^\s*Cell In ?\[(\d+)\], (?:<a [^>]*>)?line (\d+)/;
const IPYTHON_INPUT = /^\s*Input In ?\[(\d+)\], in (?:<cell line: (\d+)>|([^\s(]+))/;
const IPYTHON7_FRAME = /^(<ipython-input-\d+-[0-9a-f]+>|[^\s<:][^:]*?\.pyx?) in ([^\s(]+)/;
const IPYTHON_ARROW = /^-*>\s*(?:<a [^>]*>)?(\d+)/;
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
  /** An IPython frame header still waiting for the arrow line that gives its line number. */
  private pending: TracebackFrame | null = null;
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
      this.pending = null;
      this.finished = null;
      return null;
    }
    if (this.frames === null) return this.finished;
    const frame = parseFrame(line);
    if (frame) {
      this.pending = null;
      if (frame.line === 0) this.pending = frame;
      else this.push(frame);
      return null;
    }
    const arrow = IPYTHON_ARROW.exec(line);
    if (arrow) {
      if (this.pending) this.push({ ...this.pending, line: Number(arrow[1]) });
      this.pending = null;
      return null;
    }
    if (isBodyLine(line)) return null;
    this.finished = { frames: this.frames, exceptionLine: line.trim(), linesSince: 0 };
    this.frames = null;
    this.pending = null;
    return this.finished;
  }

  private push(frame: TracebackFrame): void {
    const frames = this.frames!;
    if (frames.length >= this.maxFrames) frames.shift();
    frames.push(frame);
  }
}

/** A frame of the line; line 0 when the header has no line number (IPython 7, "Input In [2], in f(z)"). */
function parseFrame(line: string): TracebackFrame | null {
  const m = PYTHON_FRAME.exec(line) ?? IPYTHON_FRAME.exec(line);
  if (m) return m[3] ? { file: m[1], line: Number(m[2]), function: m[3].trim() } : { file: m[1], line: Number(m[2]) };
  const cell = IPYTHON_CELL.exec(line);
  if (cell) return { file: cellFileName(Number(cell[1])), line: Number(cell[2]) };
  const input = IPYTHON_INPUT.exec(line);
  if (input)
    return input[2] ? { file: cellFileName(Number(input[1])), line: Number(input[2]) } : { file: cellFileName(Number(input[1])), line: 0, function: input[3] };
  const old = IPYTHON7_FRAME.exec(line);
  return old ? { file: old[1], line: 0, function: old[2] } : null;
}

function isBodyLine(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}
