// An error state as two rows: what is wrong (with the next step in its tooltip) and an action to take.
import * as vscode from 'vscode';
import type { Problem } from '../../core/problem';
import type { Ds01TreeItem } from './Ds01TreeItem';

interface Action {
  title: string;
  icon: string;
  command: vscode.Command;
}

export class ProblemTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  constructor(
    readonly id: string,
    readonly problem: Problem,
  ) {
    super(problem.message, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    this.tooltip = problem.fix ? `${problem.message}\n\n${problem.fix}` : problem.message;
    this.description = problem.kind;
    this.contextValue = 'ds01.problem';
  }
}

export class ProblemActionTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  constructor(
    readonly id: string,
    action: Action,
    fix: string | undefined,
  ) {
    super(action.title, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(action.icon);
    this.command = action.command;
    this.tooltip = fix;
    this.contextValue = 'ds01.problemAction';
  }
}

const settings = (key: string): vscode.Command => ({ title: 'Open settings', command: 'workbench.action.openSettings', arguments: [`ds01.${key}`] });
const retry: vscode.Command = { title: 'Retry', command: 'ds01.refresh' };

/** What to do about a problem, as the row under it. `configFile`: the limits file looked at. */
export function actionFor(p: Problem, configFile: string): Action {
  switch (p.kind) {
    case 'engine-unreachable':
      return { title: 'Retry (is Docker running? the engine is set by ds01.dockerHost / DOCKER_HOST)', icon: 'refresh', command: retry };
    case 'engine-permission':
      return { title: 'Retry after a new login: docker group membership only applies to new sessions', icon: 'refresh', command: retry };
    case 'nvidia-smi-missing':
    case 'nvidia-smi-failed':
    case 'nvidia-smi-timeout':
    case 'nvidia-smi-garbage':
      return { title: 'Set the nvidia-smi path (ds01.nvidiaSmiPath)', icon: 'gear', command: settings('nvidiaSmiPath') };
    case 'config-invalid':
    case 'group-file-unreadable':
      return { title: `Open ${configFile}`, icon: 'go-to-file', command: { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(configFile)] } };
    case 'config-missing':
      return { title: 'Set the DS01 install root (ds01.installRoot)', icon: 'gear', command: settings('installRoot') };
    default:
      return { title: 'Retry', icon: 'refresh', command: retry };
  }
}

export function problemRows(section: string, p: Problem, configFile: string): Ds01TreeItem[] {
  return [new ProblemTreeItem(`${section}/problem`, p), new ProblemActionTreeItem(`${section}/problem-action`, actionFor(p, configFile), p.fix)];
}

/** A host without DS01: a plain statement (no error colour) and how to point the extension at an install. */
export function notDs01Rows(lookedAt: string[]): Ds01TreeItem[] {
  const where = `No DS01 limits file at ${lookedAt.join(' or ')}.`;
  const statement = new vscode.TreeItem('This host is not a DS01 host', vscode.TreeItemCollapsibleState.None);
  Object.assign(statement, { id: 'not-ds01', iconPath: new vscode.ThemeIcon('info'), tooltip: where, contextValue: 'ds01.message' });
  return [
    statement as Ds01TreeItem,
    new ProblemActionTreeItem(
      'not-ds01/action',
      {
        title: 'DS01 installed elsewhere? Set ds01.installRoot (or DS01_ROOT)',
        icon: 'gear',
        command: settings('installRoot'),
      },
      `${where} Set ds01.installRoot, or DS01_ROOT in the server's environment, to the DS01 install folder (the one holding config/).`,
    ),
  ];
}
