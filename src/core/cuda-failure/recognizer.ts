// The streaming CUDA-failure recognizer. Feed it terminal output as it arrives; it returns a record per
// failure burst once the burst is over.
//
// Grouping rule (one record per burst, not per line): a burst opens at the first failure line and takes
// in every failure line that follows before `burstGapLines` lines (default 20) without one have passed;
// lines inside a traceback body do not count towards the gap, so a log line, the traceback after it, its
// chained tracebacks and the DS01 notice box printed at exit are one burst. The burst then closes (or at
// end()/flush()). Its record is its most important failure line: lowest KIND_RANK (blocked-host first),
// then one with traceback frames, then the later one if both have frames (the last traceback of a chain
// holds the user's frames), else the earlier one. Framework and frames missing on that line are taken
// from the burst's other lines, then from the frames' package paths.
import { LineSplitter } from './line-splitter';
import { classifyContinuation, classifyLine, frameworkHintOnly, frameworkOfFiles, KIND_RANK, type LineSignal } from './rules';
import { TracebackTracker } from './traceback';
import { DEFAULT_OPTIONS, type CudaFailure, type CudaFramework, type RecognizerOptions, type TracebackFrame } from './types';

const MAX_MESSAGE = 1000;
const BOX_EDGES = /^[\s|│┃║]+|[\s|│┃║]+$/g;
// Python's warnings module: "/path/x.py:83: UserWarning: ..." names the line that warned (no traceback).
const WARNING_AT = /^(\S[^:]*\.py):(\d+): (?:[\w.]*Warning): /;

interface Candidate extends LineSignal {
  message: string;
  frames: TracebackFrame[];
  lineNumber: number;
}

interface Burst {
  best: Candidate;
  /** A framework named by some line of the burst; the notice box only when nothing better was seen. */
  framework: CudaFramework;
  /** Frames of the last line of the burst that had any. */
  frames: TracebackFrame[];
  quietLines: number;
}

export class CudaFailureRecognizer {
  private readonly options: Required<RecognizerOptions>;
  private readonly splitter: LineSplitter;
  private readonly tracebacks: TracebackTracker;
  private burst: Burst | null = null;
  private lineNumber = 0;
  private out: CudaFailure[] = [];
  private readonly onLine = (line: string): void => this.line(line);

  constructor(options: RecognizerOptions = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.splitter = new LineSplitter(this.options.maxLineLength);
    this.tracebacks = new TracebackTracker(this.options.maxFrames);
  }

  /** Feeds a chunk; returns the failures whose bursts closed within it. */
  push(chunk: string): CudaFailure[] {
    this.splitter.push(chunk, this.onLine);
    return this.take();
  }

  /** Closes the open burst now (e.g. when the stream has been idle); the unfinished line stays pending. */
  flush(): CudaFailure[] {
    this.close();
    return this.take();
  }

  /** The stream ended: finishes the last line and closes the open burst. */
  end(): CudaFailure[] {
    this.splitter.end(this.onLine);
    this.close();
    return this.take();
  }

  private take(): CudaFailure[] {
    if (this.out.length === 0) return [];
    const out = this.out;
    this.out = [];
    return out;
  }

  private line(line: string): void {
    this.lineNumber++;
    const traceback = this.tracebacks.next(line);
    const signal = classifyLine(line) ?? (traceback !== null && traceback.linesSince > 0 ? classifyContinuation(traceback.exceptionLine, line) : null);
    if (!signal) {
      if (!this.burst) return;
      const hinted = frameworkHintOnly(line);
      if (hinted && this.burst.framework === 'unknown') this.burst.framework = hinted;
      if (!this.tracebacks.inBody && ++this.burst.quietLines >= this.options.burstGapLines) this.close();
      return;
    }
    // The notice box is printed by the preload library at exit, never as part of an exception message.
    const own = signal.framework === 'ds01-notice' ? null : traceback;
    const trimmed = signal.framework === 'ds01-notice' ? line.replace(BOX_EDGES, '') : line.trim();
    const message = own !== null && own.linesSince > 0 ? `${own.exceptionLine} ${trimmed}` : trimmed;
    this.add({
      ...signal,
      message: message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message,
      frames: own ? own.frames : warningFrame(trimmed),
      lineNumber: this.lineNumber,
    });
  }

  private add(c: Candidate): void {
    const b = this.burst;
    if (!b) {
      this.burst = { best: c, framework: c.framework, frames: c.frames, quietLines: 0 };
      return;
    }
    b.quietLines = 0;
    if (better(c, b.best)) b.best = c;
    if (c.frames.length > 0) b.frames = c.frames;
    if (c.framework !== 'unknown' && (b.framework === 'unknown' || b.framework === 'ds01-notice')) b.framework = c.framework;
  }

  private close(): void {
    const b = this.burst;
    if (!b) return;
    this.burst = null;
    const best = b.best;
    const frames = best.frames.length > 0 ? best.frames : b.frames;
    let framework = best.framework;
    if (framework === 'unknown' || framework === 'ds01-notice') {
      const fromFiles = frameworkOfFiles(frames.map((f) => f.file));
      if (b.framework !== 'unknown' && b.framework !== 'ds01-notice') framework = b.framework;
      else if (fromFiles !== 'unknown') framework = fromFiles;
      else if (framework === 'unknown') framework = b.framework;
    }
    this.out.push({
      kind: best.kind,
      framework,
      message: best.message,
      frames: frames.map((f) => ({ ...f })),
      blocked: best.kind === 'blocked-host',
      lineNumber: best.lineNumber,
    });
  }
}

function warningFrame(line: string): TracebackFrame[] {
  const m = WARNING_AT.exec(line);
  return m ? [{ file: m[1], line: Number(m[2]) }] : [];
}

function better(c: Candidate, than: Candidate): boolean {
  const rank = KIND_RANK[c.kind] - KIND_RANK[than.kind];
  if (rank !== 0) return rank < 0;
  const framed = Number(c.frames.length > 0) - Number(than.frames.length > 0);
  if (framed !== 0) return framed > 0;
  // Among tracebacks the last of a chain holds the user's frames; among log lines the first says most.
  return c.frames.length > 0;
}

/** All failures in a finished text (a notebook error output, a whole log). */
export function recognizeText(text: string, options?: RecognizerOptions): CudaFailure[] {
  const r = new CudaFailureRecognizer(options);
  return [...r.push(text), ...r.end()];
}
