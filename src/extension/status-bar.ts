// The status bar item: `$(chip) GPU used/limit · containers used/limit`, with a Markdown table of the user's
// limits as tooltip (one line per fact). Clicking it reveals the DS01 tree. Being at a limit is a state, not an
// error: the warning colour comes only when the host will act soon or an action of the user was refused.
import * as vscode from 'vscode';
import { factRows } from '../core/check-limits/rows';
import { usedOf } from '../core/check-limits/report';
import type { Problem } from '../core/problem';
import type { ReadonlyHostState } from './host-state';
import { TREE_VIEW_ID } from './tree/Ds01TreeProvider';
import { usageShown } from '../host/users/usage-shown';

export const STATUS_BAR_ID = 'ds01.status';

export class Ds01StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** ds01.showStatusBar; the item still stays hidden on a host without DS01. */
  private wanted = false;

  /** A lifecycle warning is pending (the host acts on one of the user's containers soon): its text, or null. */
  lifecycleWarning: () => string | null = () => null;

  /** An action refused for the limits (e.g. Deploy with no count allowed), until the usage changes. */
  private refusal: { text: string; usage: string } | null = null;

  constructor(private readonly state: ReadonlyHostState) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'DS01 GPU limits';
    this.item.command = `${TREE_VIEW_ID}.focus`;
    this.item.text = '$(chip) DS01';
    this.item.tooltip = 'DS01: reading limits…';
  }

  show(visible: boolean): void {
    this.wanted = visible;
    this.applyVisibility();
  }

  /** Shown when wanted, except on a host without DS01. */
  get visible(): boolean {
    return this.wanted && !this.state.notDs01Host;
  }

  private applyVisibility(): void {
    if (this.visible) this.item.show();
    else this.item.hide();
  }

  render(): void {
    this.applyVisibility();
    const { view, configProblem } = this.state;
    if (configProblem) return this.problem('$(error) DS01 config', configProblem, 'error');
    if (!view) return;
    const r = view.report;
    const exempt = view.limits.exempt ? ' · exempt' : '';
    if (view.engineProblem) {
      this.problem(`$(chip) GPU ?/${r.gpus.limit ?? '∞'} · containers ?/${r.containers.limit ?? '∞'}${exempt}`, view.engineProblem, 'warning');
      return;
    }
    if (view.unreadableProblem && !usageShown(view).usageKnown) {
      this.problem(`$(chip) GPU ?/${r.gpus.limit ?? '∞'} · containers ?/${r.containers.limit ?? '∞'}${exempt}`, view.unreadableProblem, 'warning');
      return;
    }
    this.item.text = `$(chip) GPU ${usedOf(r.gpus.used, r.gpus.limit)} · containers ${usedOf(r.containers.used, r.containers.limit)}${exempt}`;
    const pending = this.lifecycleWarning();
    if (this.refusal && this.refusal.usage !== usageKey(this.state)) this.refusal = null;
    this.item.backgroundColor = pending || this.refusal ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = limitsTooltip(this.state);
    if (pending) this.item.tooltip.appendMarkdown(`\n\n$(clock) ${escape(pending)}`);
    if (this.refusal) this.item.tooltip.appendMarkdown(`\n\n$(circle-slash) ${escape(this.refusal.text)}`);
  }

  /** An action was refused for the user's limits: warning colour and the reason, until their usage changes. */
  refused(text: string): void {
    this.refusal = { text, usage: usageKey(this.state) };
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private problem(text: string, p: Problem, level: 'warning' | 'error'): void {
    this.item.text = text;
    this.item.backgroundColor = new vscode.ThemeColor(`statusBarItem.${level}Background`);
    const md = new vscode.MarkdownString(`**DS01:** ${escape(p.message)}${p.fix ? `\n\n${escape(p.fix)}` : ''}`);
    this.item.tooltip = md;
  }
}

function usageKey(state: ReadonlyHostState): string {
  const r = state.view?.report;
  return r ? `${r.gpus.used}/${r.containers.used}` : '';
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

export function limitsTooltip(state: ReadonlyHostState): vscode.MarkdownString {
  const view = state.view!;
  const r = view.report;
  const rows = factRows(r, usageShown(view)).map((row): [string, string] => [
    row.label,
    row.key === 'host' && row.value === 'unknown' ? `unknown (${view.inventoryProblem?.kind ?? 'no nvidia-smi yet'})` : row.value,
  ]);
  const table = ['| DS01 | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');
  const md = new vscode.MarkdownString(`${table}\n\n${r.warnings.map((w) => `$(warning) ${escape(w.message)}`).join('\n\n')}`, true);
  return md;
}
