// Follows the notice library's per-user events file ($XDG_RUNTIME_DIR/ds01/cuda-events.jsonl, else
// ~/.cache/ds01/cuda-events.jsonl). Only lines appended after start() count: old events were seen before.
// The folder is watched rather than the file, so a file created, truncated or replaced later is followed too.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseCudaEventLine, type CudaEvent } from '../../core/cuda-failure/event';

export function cudaEventsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'ds01') : join(env.HOME || homedir(), '.cache', 'ds01');
  return join(base, 'cuda-events.jsonl');
}

export interface CudaEventsTailOptions {
  onEvent(event: CudaEvent): void;
  /** A line that is not a valid v1 event: skipped, reported here for the log. */
  onBadLine?(reason: string, line: string): void;
  /** Bound on one line; a longer one is skipped (the library writes well under 16 KiB). */
  maxLineBytes?: number;
}

export class CudaEventsTail {
  private offset = 0;
  private inode = -1;
  private pending = '';
  // Reads end at any byte: a character cut in two by one read is completed by the next.
  private decoder = new StringDecoder('utf8');
  private watcher: FSWatcher | undefined;
  private readonly maxLine: number;

  constructor(
    readonly file: string,
    private readonly options: CudaEventsTailOptions,
  ) {
    this.maxLine = options.maxLineBytes ?? 64 * 1024;
  }

  start(): void {
    const dir = dirname(this.file);
    const name = basename(this.file);
    // Same mode the library uses: the file says what this user ran.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      const st = lstatSync(this.file);
      this.offset = st.size;
      this.inode = st.ino;
    } catch {
      // Not there yet: everything the library appends from now on counts.
    }
    this.watcher = watch(dir, (_event, changed) => {
      if (!changed || changed === name) this.readNew();
    });
  }

  /** Reads what was appended since the last read; also safe to call by hand (e.g. on a timer). */
  readNew(): void {
    let fd: number;
    try {
      // Like the library: never follow a planted link, never block on a FIFO.
      fd = openSync(this.file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      return;
    }
    try {
      const st = fstatSync(fd);
      // Only the user's own regular file speaks for what they ran; anything else may be another user's invention.
      if (!st.isFile() || st.uid !== process.getuid?.()) return;
      if (st.ino !== this.inode || st.size < this.offset) {
        // Replaced or truncated: a new file, read from its start.
        this.inode = st.ino;
        this.offset = 0;
        this.pending = '';
        this.decoder = new StringDecoder('utf8');
      }
      const buf = Buffer.alloc(64 * 1024);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, this.offset);
        if (n <= 0) break;
        this.offset += n;
        this.consume(this.decoder.write(buf.subarray(0, n)));
      }
    } finally {
      closeSync(fd);
    }
  }

  private consume(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > this.maxLine) {
      this.options.onBadLine?.(`line longer than ${this.maxLine} bytes`, this.pending.slice(0, 200));
      this.pending = '';
    }
    for (const line of lines) {
      if (line.trim() === '') continue;
      const r = parseCudaEventLine(line);
      if (r.ok) this.options.onEvent(r.event);
      else this.options.onBadLine?.(r.reason, line.slice(0, 200));
    }
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
