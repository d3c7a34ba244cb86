// Quick inputs built with createQuickPick / createInputBox (not showQuickPick), so each live input can be
// handed to listeners: the test API passes it on, and the suite answers the real widget.
import * as vscode from 'vscode';
import { BACK, type Back } from './multi-step';

export type QuickInput = vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;

export interface PickOptions {
  title: string;
  placeholder?: string;
  step?: number;
  totalSteps?: number;
}

export interface PickExtras<T> {
  /** The item active when the pick opens (else the first). */
  active?: T;
  /**
   * An item for what the user typed, offered when no item's label contains it (e.g. an image name): typing to
   * find an item still lands on that item (the quick pick would rank an exact typed label first).
   */
  typed?: (value: string) => T;
}

/** A step after the first of a multi-step input: shows the Back button, and answers BACK when it is pressed. */
interface WithBack {
  back: true;
}

export class Prompter implements vscode.Disposable {
  private readonly shown = new vscode.EventEmitter<QuickInput>();
  readonly onDidShow = this.shown.event;

  /** Resolves with the accepted item, or undefined when the user dismisses the pick. */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions & PickExtras<T> & WithBack): Promise<T | Back | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions & PickExtras<T>): Promise<T | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions & PickExtras<T> & Partial<WithBack>): Promise<T | Back | undefined> {
    const qp = vscode.window.createQuickPick<T>();
    titled(qp, options);
    qp.items = items;
    if (options.active) qp.activeItems = [options.active];
    const typed = options.typed;
    if (typed) {
      qp.onDidChangeValue((value) => {
        const v = value.trim();
        const found = items.some((i) => i.label.toLowerCase().includes(v.toLowerCase()));
        qp.items = v && !found ? [...items, { ...typed(v), alwaysShow: true }] : items;
      });
    }
    return new Promise<T | Back | undefined>((resolve) => {
      const finish = once(qp, resolve);
      backable(qp, options, finish);
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        if (chosen && chosen.kind !== vscode.QuickPickItemKind.Separator) finish(chosen);
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
      this.shown.fire(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>);
    });
  }

  /** `validate` returns a message that keeps the box open, or undefined when the value is fine. */
  input(options: InputOptions & WithBack): Promise<string | Back | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  input(options: InputOptions & Partial<WithBack>): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    titled(box, options);
    box.prompt = options.prompt;
    box.value = options.value ?? '';
    return new Promise<string | Back | undefined>((resolve) => {
      const finish = once(box, resolve);
      backable(box, options, finish);
      const check = (value: string) => (box.validationMessage = options.validate?.(value));
      check(box.value);
      box.onDidChangeValue(check);
      box.onDidAccept(() => {
        if (!check(box.value)) finish(box.value);
      });
      box.onDidHide(() => finish(undefined));
      box.show();
      this.shown.fire(box);
    });
  }

  /**
   * A modal confirmation; resolves true when the user chose `action`. The workbench refuses modal dialogs
   * while it runs extension tests ("refused to show dialog in tests"); only then the same question is asked
   * as a quick pick, so the suite can still walk the whole flow.
   */
  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    try {
      return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
    } catch (err) {
      if (!/refused to show dialog in tests/.test(String((err as Error)?.message))) throw err;
      const pick = await this.pick([{ label: action, detail }, { label: 'Cancel' }], { title: message, placeholder: detail });
      return pick?.label === action;
    }
  }

  dispose(): void {
    this.shown.dispose();
  }
}

type InputOptions = PickOptions & { value?: string; prompt?: string; validate?: (value: string) => string | undefined };

function backable(
  input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[]; onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
  options: Partial<WithBack>,
  finish: (value: Back) => void,
): void {
  if (!options.back) return;
  input.buttons = [vscode.QuickInputButtons.Back];
  input.onDidTriggerButton((button) => {
    if (button === vscode.QuickInputButtons.Back) finish(BACK);
  });
}

function titled(input: vscode.QuickInput, options: PickOptions): void {
  Object.assign(input, { title: options.title, placeholder: options.placeholder, step: options.step, totalSteps: options.totalSteps });
  input.ignoreFocusOut = true;
}

/** Accept and hide both end an input: the first one resolves it and disposes the widget. */
function once<T>(input: vscode.Disposable, resolve: (value: T) => void): (value: T) => void {
  let done = false;
  return (value) => {
    if (done) return;
    done = true;
    resolve(value);
    input.dispose();
  };
}
