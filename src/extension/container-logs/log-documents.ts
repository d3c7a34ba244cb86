// "View Logs": a container's log in a read-only editor (a content provider's scheme). The engine's stream is
// followed while an editor tab shows the document and closed as soon as none does. The last lines come first
// (`tail`); "View More Logs" asks for ten times as many. Lines kept are capped, so a chatty container cannot
// fill the extension host's memory.
import * as vscode from 'vscode';
import { isProblemError, problemText } from '../../core/problem';
import { openOwnLogs, stopNoteNow, type OwnLogs } from '../../host/container-logs/own-logs';
import type { Ds01Context } from '../context';
import { usableView } from '../context';

export const LOGS_SCHEME = 'ds01-logs';
export const FIRST_TAIL = 500;
const MAX_LINES = 50_000;
const REDRAW_MS = 200;

/** ds01-logs:/NAME.log?tail=N — the name as the user knows it, the tail asked for. */
export function logsUri(name: string, tail: number | 'all' = FIRST_TAIL): vscode.Uri {
  return vscode.Uri.from({ scheme: LOGS_SCHEME, path: `/${name}.log`, query: `tail=${tail}` });
}

export function logsRequestOf(uri: vscode.Uri): { name: string; tail: number | 'all' } {
  const tail = new URLSearchParams(uri.query).get('tail');
  return { name: uri.path.replace(/^\//, '').replace(/\.log$/, ''), tail: tail === 'all' ? 'all' : Number(tail ?? FIRST_TAIL) };
}

/** The log document in front, read-only, in the log language, kept open (not a preview). */
export async function showLogs(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'log');
  return vscode.window.showTextDocument(doc, { preview: false });
}

interface Followed {
  lines: string[];
  dropped: number;
  header: string;
  logs: OwnLogs | null;
  redraw: NodeJS.Timeout | null;
}

export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly followed = new Map<string, Followed>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ds01Context) {
    this.subscriptions = [
      vscode.window.tabGroups.onDidChangeTabs(() => this.stopUnshown()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === LOGS_SCHEME) this.stop(d.uri.toString());
      }),
    ];
  }

  /** Streams open now (what tests and the bench count). */
  get open(): number {
    return [...this.followed.values()].filter((f) => f.logs !== null).length;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = uri.toString();
    let f = this.followed.get(key);
    if (!f) {
      f = { lines: [], dropped: 0, header: 'Reading the log…', logs: null, redraw: null };
      this.followed.set(key, f);
      void this.follow(uri, f);
    }
    const dropped = f.dropped ? [`… ${f.dropped} earlier lines not kept here (ds01 container logs shows them all)`] : [];
    return [f.header, ...dropped, ...f.lines, ''].join('\n');
  }

  private async follow(uri: vscode.Uri, f: Followed): Promise<void> {
    const { name, tail } = logsRequestOf(uri);
    const more = tail === 'all' ? '' : ` Earlier lines: "DS01: View More Logs".`;
    try {
      const view = usableView(this.ctx);
      const logs = await openOwnLogs(
        this.ctx.state.engine,
        view.user,
        name,
        { follow: true, tail },
        {
          line: (_source, text) => this.add(uri, f, text),
          failure: (failure, advice) =>
            this.add(uri, f, `── DS01: ${failure.kind} (${failure.framework}) at log line ${failure.lineNumber}: ${advice.explanation} Next: ${advice.next}`),
        },
        this.ctx.state.env,
      );
      if (!this.followed.has(uri.toString())) {
        logs.stop();
        return;
      }
      f.logs = logs;
      const tailText = tail === 'all' ? 'every line' : `the last ${tail} lines`;
      f.header = `── ${logs.container.displayName} (${logs.container.name}): ${tailText}${logs.stopNote ? '' : ', following'}.${more}`;
      this.redraw(uri, f);
      await logs.done;
      if (!this.followed.has(uri.toString())) return;
      const note = await stopNoteNow(this.ctx.state.engine, logs.container, this.ctx.state.env).catch(() => null);
      this.add(uri, f, `── ${note ?? 'The engine ended the log stream; reopen the log to follow it again.'}`);
    } catch (err) {
      const p = isProblemError(err) ? err.problem : { message: err instanceof Error ? err.message : String(err), fix: undefined };
      f.header = `── DS01: ${problemText(p)}`;
      this.ctx.log.warn(`logs of ${name}: ${p.message}`);
    } finally {
      f.logs = null;
      this.redraw(uri, f);
    }
  }

  private add(uri: vscode.Uri, f: Followed, line: string): void {
    f.lines.push(line);
    if (f.lines.length > MAX_LINES) {
      const cut = f.lines.length - MAX_LINES;
      f.lines.splice(0, cut);
      f.dropped += cut;
    }
    if (!f.redraw) f.redraw = setTimeout(() => this.redraw(uri, f), REDRAW_MS);
  }

  private redraw(uri: vscode.Uri, f: Followed): void {
    if (f.redraw) clearTimeout(f.redraw);
    f.redraw = null;
    if (this.followed.has(uri.toString())) this.changed.fire(uri);
  }

  private stopUnshown(): void {
    const shown = new Set(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri.toString()] : [])),
    );
    for (const key of [...this.followed.keys()]) if (!shown.has(key)) this.stop(key);
    // A log tab shown again while VS Code still kept its document: read it again, following.
    for (const key of shown) if (key.startsWith(`${LOGS_SCHEME}:`) && !this.followed.has(key)) this.changed.fire(vscode.Uri.parse(key));
  }

  private stop(key: string): void {
    const f = this.followed.get(key);
    if (!f) return;
    this.followed.delete(key);
    if (f.redraw) clearTimeout(f.redraw);
    f.logs?.stop();
    f.logs = null;
  }

  dispose(): void {
    for (const key of [...this.followed.keys()]) this.stop(key);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
