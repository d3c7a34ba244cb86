// The build log, live: a pseudo-terminal that shows the engine's steps and output as they come (no process of
// its own; closing it does not stop the build, Cancel in the notification does).
import * as vscode from 'vscode';
import type { BuildEvent } from '../../core/images/build-log';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';
const CHATTER = /^( ---> |Removing intermediate container )/;

export class BuildLogTerminal implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private readonly written = new vscode.EventEmitter<string>();
  private opened: Promise<void> = Promise.resolve();
  /** Lines written, kept for tests and for a terminal opened late. */
  readonly lines: string[] = [];
  /** How long the current build's first line took from arriving to reaching the terminal (it waits for the terminal to open). */
  firstLineDelayMs: number | null = null;
  private firstLineAt: number | null = null;

  constructor() {
    vscode.window.onDidCloseTerminal((t) => {
      if (t === this.terminal) this.terminal = undefined;
    });
  }

  /** Shows the terminal (made again if closed) for a new build. */
  start(title: string): void {
    this.lines.length = 0;
    this.firstLineAt = null;
    this.firstLineDelayMs = null;
    if (!this.terminal) {
      let ready!: () => void;
      this.opened = new Promise((r) => {
        ready = r;
      });
      this.terminal = vscode.window.createTerminal({
        name: 'DS01: Build',
        pty: { onDidWrite: this.written.event, open: () => ready(), close: () => undefined },
        iconPath: new vscode.ThemeIcon('package'),
      });
    }
    this.terminal.show(true);
    this.write(`${BOLD}${title}${RESET}`);
  }

  event(e: BuildEvent): void {
    if (e.type === 'step') this.write(`${BOLD}[${e.index}/${e.total}]${RESET} ${e.instruction}`);
    else if (e.type === 'output') for (const l of e.text.split(/\r?\n/).filter((x) => x !== '' && !CHATTER.test(x))) this.write(`${DIM}${l}${RESET}`);
    else if (e.type === 'error') this.write(`${RED}${e.message}${RESET}`);
  }

  end(ok: boolean, text: string): void {
    this.write(`${ok ? GREEN : RED}${text}${RESET}`);
  }

  private write(line: string): void {
    const first = this.firstLineAt === null;
    this.firstLineAt ??= Date.now();
    this.lines.push(line);
    // Lines before the terminal opened would be lost: they wait for it.
    void this.opened.then(() => {
      this.written.fire(`${line}\r\n`);
      if (first) this.firstLineDelayMs = Date.now() - this.firstLineAt!;
    });
  }

  dispose(): void {
    this.terminal?.dispose();
    this.written.dispose();
  }
}
