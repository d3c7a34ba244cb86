// Which traceback frames are notebook cells, and which cell: IPython names a cell's code "Cell In[3]" (8.x,
// as the traceback parser records it), "<ipython-input-3-5c4c7a8f0b1e>" (7.x), or, under ipykernel 6 with
// IPython 7, a temp file "/tmp/ipykernel_8076/61218616.py" that carries no execution count.
import { stripEscapes } from './line-splitter';
import type { TracebackFrame } from './types';

export interface CellFrame {
  /** The cell's execution count (In[N]); null when the frame does not say (ipykernel temp file). */
  executionCount: number | null;
  /** 1-based line within the cell. */
  line: number;
}

const CELL = /^Cell In\[(\d+)\]$/;
const IPYTHON_INPUT = /^<ipython-input-(\d+)-[0-9a-f]+>$/;
const IPYKERNEL_FILE = /[\\/]ipykernel_\d+[\\/]\d+\.py$/;

/** How the traceback parser names the code of cell In[N]. */
export function cellFileName(executionCount: number): string {
  return `Cell In[${executionCount}]`;
}

/** The cell a frame is in, or undefined for a frame in a file. */
export function cellFrame(frame: TracebackFrame): CellFrame | undefined {
  const m = CELL.exec(frame.file) ?? IPYTHON_INPUT.exec(frame.file);
  if (m) return { executionCount: Number(m[1]), line: frame.line };
  return IPYKERNEL_FILE.test(frame.file) ? { executionCount: null, line: frame.line } : undefined;
}

/** The deepest frame that is in a notebook cell (where the cell's own code called into the failing library). */
export function deepestCellFrame(frames: TracebackFrame[]): CellFrame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const cell = cellFrame(frames[i]);
    if (cell) return cell;
  }
  return undefined;
}

/**
 * The text to recognize in a notebook error output ({name, message, stack}): the stack, which under ipykernel
 * is the whole coloured traceback ending with "Name: message", then that line if the stack lacks it (a kernel
 * that sends no traceback). Not repeated: a repeated exception line would read as the message's continuation.
 */
export function notebookErrorText(error: { name: string; message: string; stack: string }): string {
  const last = `${error.name}: ${error.message}`;
  const stack = error.stack.replace(/\s+$/, '');
  return stripEscapes(stack).trimEnd().endsWith(last) ? `${stack}\n` : `${stack}${stack ? '\n' : ''}${last}\n`;
}
