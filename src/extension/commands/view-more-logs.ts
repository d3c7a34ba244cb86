// DS01: View More Logs — the log editor in front again with ten times as many lines (then all of them).
import * as vscode from 'vscode';
import { problem } from '../../core/problem';
import type { Ds01Context } from '../context';
import { LOGS_SCHEME, logsRequestOf, logsUri, showLogs } from '../container-logs/log-documents';

export async function viewMoreLogs(_ctx: Ds01Context): Promise<vscode.TextEditor> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme !== LOGS_SCHEME) throw problem('usage', 'No container log is in front.', 'Open one with "DS01: View Logs" first.');
  const { name, tail } = logsRequestOf(uri);
  const more = tail === 'all' || tail * 10 > 100_000 ? 'all' : tail * 10;
  return showLogs(logsUri(name, more));
}
